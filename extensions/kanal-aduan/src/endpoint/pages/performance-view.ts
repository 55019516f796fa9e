import { fixedUtcOffsetSeconds, histogramMedian, localDayNumber, monthWindow, type RankingView } from '@kanal-aduan/core';
import { z } from 'zod';
import type { Locale } from '../tracking-view.ts';
import { formatDateTime, formatNumber, textsFor } from './texts.ts';

/** The periods the page offers (?periode=…); anything else is this month. */
export const PERIODS = ['bulan-ini', '3-bulan', 'tahun-ini'] as const;
export type Period = (typeof PERIODS)[number];
export const PeriodQuery = z.enum(PERIODS).catch('bulan-ini');

/**
 * The period as an instant window in the service's zone: from local midnight
 * of the first day of this month, of the month two months back, or of January,
 * up to `now`. `days` is its length in local days (today included), the
 * ranking's "last N days" window for the same span.
 */
export function periodWindow(period: Period, now: Date, timezone: string): { from: Date; to: Date; days: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  const back = period === 'bulan-ini' ? 0 : period === '3-bulan' ? 2 : month - 1;
  const index = year * 12 + (month - 1) - back;
  const start = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const from = monthWindow(start, timezone).from;
  const offset = fixedUtcOffsetSeconds(timezone, now);
  return { from, to: now, days: localDayNumber(now, offset) - localDayNumber(from, offset) + 1 };
}

/** What the SQL aggregate (performance-stats.ts) returns: counts and histograms only, never a report. */
export type PerformanceStats = {
  from: string;
  to: string;
  total: number;
  fixed: number;
  byCategory: Array<{ code: string | null; name: string | null; name_en: string | null; count: number; fixed: number }>;
  byKecamatan: Array<{ code: string | null; name: string | null; count: number; fixed: number }>;
  /** Working days from received to first response -> how many reports. */
  responseDays: Record<number, number>;
  /** Working days from received to resolution (fixed reports) -> how many. */
  resolutionDays: Record<number, number>;
  rated: number;
  satisfactionSum: number;
};

type Row = { name: string; count: string; fixed: string; width: number };

function rows(list: Array<{ name: string; count: number; fixed: number }>, locale: Locale): Row[] {
  const max = Math.max(1, ...list.map((r) => r.count));
  return [...list]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((r) => ({ name: r.name, count: formatNumber(r.count, locale, 0), fixed: formatNumber(r.fixed, locale, 0), width: Math.max(r.count > 0 ? 1 : 0, Math.round((r.count / max) * 20)) }));
}

export type PerformanceModel = ReturnType<typeof performanceModel>;

/**
 * The page's figures from the aggregate: medians of the working-day
 * histograms, the satisfaction average over the ratings given, the volume per
 * category and kecamatan (largest first), and, only when the admin published
 * it, the OPD ranking's public summary (rank, name, score, volume).
 */
export function performanceModel(
  stats: PerformanceStats,
  o: { period: Period; locale: Locale; timezone: string; hrefFor: (period: Period) => string; ranking: RankingView | null; generatedAt: string },
) {
  const t = textsFor(o.locale);
  const median = (h: Record<number, number>) => {
    const m = histogramMedian(h);
    return m === null ? '–' : formatNumber(m, o.locale, 1);
  };
  const label = { 'bulan-ini': t.period_month, '3-bulan': t.period_quarter, 'tahun-ini': t.period_year } satisfies Record<Period, string>;
  const day = (iso: string) => new Intl.DateTimeFormat(o.locale === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'long', timeZone: o.timezone }).format(new Date(iso));
  return {
    periods: PERIODS.map((p) => ({ href: o.hrefFor(p), label: label[p], current: p === o.period })),
    windowLabel: `${label[o.period]}: ${day(stats.from)} – ${day(stats.to)}`,
    total: formatNumber(stats.total, o.locale, 0),
    fixed: formatNumber(stats.fixed, o.locale, 0),
    medianResponse: median(stats.responseDays),
    medianResolution: median(stats.resolutionDays),
    satisfactionAverage: stats.rated > 0 ? formatNumber(stats.satisfactionSum / stats.rated, o.locale, 1) : '–',
    satisfactionOf: t.satisfaction_of.replace('{n}', formatNumber(stats.rated, o.locale, 0)),
    groups: [
      {
        testid: 'by-category',
        title: t.by_category,
        label: t.category,
        rows: rows(stats.byCategory.map((c) => ({ name: (o.locale === 'en' ? c.name_en || c.name : c.name) || c.code || t.no_category, count: c.count, fixed: c.fixed })), o.locale),
      },
      {
        testid: 'by-kecamatan',
        title: t.by_kecamatan,
        label: t.kecamatan,
        rows: rows(stats.byKecamatan.map((k) => ({ name: k.name || k.code || t.no_kecamatan, count: k.count, fixed: k.fixed })), o.locale),
      },
    ],
    ranking: o.ranking
      ? {
          note: t.ranking_note.replace('{n}', String(o.ranking.min_volume)),
          rows: o.ranking.ranked.map((r) => ({
            rank: r.rank ?? '',
            name: r.unit.name,
            score: r.score === null ? '–' : formatNumber(r.score, o.locale, 1),
            counted: formatNumber(r.counted, o.locale, 0),
          })),
          insufficient: o.ranking.insufficient.map((r) => r.unit.short_name || r.unit.name),
        }
      : null,
    generatedAt: formatDateTime(o.generatedAt, o.locale, o.timezone) ?? o.generatedAt,
  };
}
