import {
  DEADLINE_STAGES, histogramMedian, STAGE_RULES, STATUS_LABELS, stageOpen, workingDaysBetween,
  type RankingRowView, type ReminderStage, type Status, type WorkCalendar,
} from '@kanal-aduan/core';
import { z } from 'zod';
import { PeriodQuery, PERIODS, type Period } from '../pages/performance-view.ts';
import { formatDateTime, formatNumber } from '../pages/texts.ts';
import type { Locale } from '../tracking-view.ts';
import { fill, pimpinanTexts } from './texts.ts';

/** The page's query: period chips of the public performance page, one kecamatan (Kemendagri code) or all. */
export const PimpinanQuery = z.object({
  lang: z.enum(['id', 'en']).catch('id'),
  periode: PeriodQuery,
  kecamatan: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/).nullish().catch(null),
}).catch({ lang: 'id', periode: 'bulan-ini', kecamatan: null });
export type PimpinanQuery = z.infer<typeof PimpinanQuery>;

/** Directus resolves `$NOW` only in REST queries (sanitize-query); services called in code get it resolved here. */
export function resolveNow<T>(filter: T, now: Date): T {
  const iso = now.toISOString();
  const walk = (v: unknown): unknown =>
    v === '$NOW' ? iso : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  return walk(filter) as T;
}

/**
 * Median working days from receipt to the first response, as the public
 * performance page counts it (performance-stats.ts): reports answered after
 * they arrived, working days on the service's calendar (core workingDaysBetween).
 */
export function medianFirstResponse(rows: ReadonlyArray<{ received_at?: string | null; first_response_at?: string | null }>, calendar: WorkCalendar): { median: number | null; responded: number } {
  const histogram: Record<number, number> = {};
  let responded = 0;
  for (const r of rows) {
    if (!r.received_at || !r.first_response_at) continue;
    const from = new Date(r.received_at);
    const to = new Date(r.first_response_at);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from) continue;
    const d = workingDaysBetween(from, to, calendar);
    histogram[d] = (histogram[d] ?? 0) + 1;
    responded += 1;
  }
  return { median: histogramMedian(histogram), responded };
}

export type OverdueRow = {
  id: number | string;
  ticket: string;
  title?: string | null;
  status: Status;
  verify_due?: string | null;
  respond_due?: string | null;
  resolve_due?: string | null;
  first_response_at?: string | null;
  days_late?: number | null;
  /** Citizens behind the report and the reports joined into it ("Gabungkan"): more is more urgent. */
  reporters_count?: number | null;
  assigned_agency?: { short_name?: string | null; name?: string | null } | null;
  kecamatan?: { name?: string | null } | null;
};

/** The stage a report is late at now: core's stage rules, first open stage whose date has passed. */
export function lateStage(row: OverdueRow, now: Date): { stage: ReminderStage; due: string } | null {
  for (const stage of DEADLINE_STAGES) {
    if (!stageOpen(row, stage)) continue;
    const due = row[STAGE_RULES[stage].due];
    if (due && new Date(due) < now) return { stage, due };
  }
  return null;
}

type RankingData = {
  level: 'opd' | 'kecamatan';
  min_volume: number;
  ranked: RankingRowView[];
  insufficient: RankingRowView[];
};

export type DashboardInput = {
  locale: Locale;
  timezone: string;
  now: Date;
  base: string;
  query: PimpinanQuery;
  /** `days`: the same span as the ranking's "last N days" window (performance-view periodWindow). */
  window: { from: Date; to: Date; days?: number };
  kecamatanOptions: Array<{ code: string; name: string }>;
  headline: { received: number; open: number; overdue: number; medianFirstResponse: number | null; responded: number };
  ranking: { opd: RankingData; kecamatan: RankingData };
  overdue: { rows: OverdueRow[]; total: number };
};

const ARROWS = { up: '▲', down: '▼', flat: '▬' } as const;

function rankingModel(r: RankingData, locale: Locale) {
  const t = pimpinanTexts(locale);
  const name = (row: RankingRowView) => row.unit.short_name || row.unit.name;
  return {
    level: r.level,
    title: r.level === 'opd' ? t.ranking_opd : t.ranking_kecamatan,
    note: fill(t.ranking_note, { n: r.min_volume }),
    rows: r.ranked.map((row) => {
      const trend = row.trend ?? 'new';
      const delta = row.delta === null ? '' : `${row.delta > 0 ? '+' : ''}${formatNumber(row.delta, locale)}`;
      return {
        code: row.unit.code,
        rank: row.rank,
        name: name(row),
        fullName: row.unit.name,
        score: row.score === null ? '–' : formatNumber(row.score, locale),
        width: Math.max(0, Math.min(100, Math.round(row.score ?? 0))),
        trend,
        arrow: trend === 'new' ? '•' : ARROWS[trend],
        trendLabel: `${t[`trend_${trend}`]}${delta ? ` ${delta}` : ''}`,
        counted: row.counted,
      };
    }),
    insufficient: r.insufficient.map((row) => ({ code: row.unit.code, name: name(row), counted: row.counted })),
  };
}

/** Everything the page shows, as strings ready for handlebars (which escapes each one). */
export function dashboardModel(i: DashboardInput) {
  const { locale, timezone, now } = i;
  const t = pimpinanTexts(locale);
  const label: Record<Period, string> = { 'bulan-ini': t.period_month, '3-bulan': t.period_quarter, 'tahun-ini': t.period_year };
  const href = (q: Partial<PimpinanQuery>) => {
    const merged = { ...i.query, ...q };
    const params = new URLSearchParams();
    if (merged.periode !== 'bulan-ini') params.set('periode', merged.periode);
    if (merged.kecamatan) params.set('kecamatan', merged.kecamatan);
    if (merged.lang === 'en') params.set('lang', 'en');
    const s = params.toString();
    return `${i.base}pimpinan${s ? `?${s}` : ''}`;
  };
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: timezone }).format(new Date(iso));
  const h = i.headline;
  return {
    periods: PERIODS.map((p) => ({ label: label[p], href: href({ periode: p }), current: p === i.query.periode })),
    periode: i.query.periode,
    kecamatanOptions: i.kecamatanOptions.map((k) => ({ ...k, selected: k.code === i.query.kecamatan })),
    kecamatanName: i.kecamatanOptions.find((k) => k.code === i.query.kecamatan)?.name ?? null,
    windowLabel: `${date(i.window.from.toISOString())} – ${date(i.window.to.toISOString())}`,
    windowFrom: i.window.from.toISOString(),
    windowTo: i.window.to.toISOString(),
    windowDays: i.window.days ?? null,
    otherLanguageHref: href({ lang: locale === 'en' ? 'id' : 'en' }),
    figures: {
      received: formatNumber(h.received, locale, 0),
      open: formatNumber(h.open, locale, 0),
      overdue: formatNumber(h.overdue, locale, 0),
      overdueAlert: h.overdue > 0,
      medianResponse: h.medianFirstResponse === null ? '–' : formatNumber(h.medianFirstResponse, locale),
      responded: fill(t.of_responded, { n: formatNumber(h.responded, locale, 0) }),
    },
    rankings: [rankingModel(i.ranking.opd, locale), rankingModel(i.ranking.kecamatan, locale)],
    overdue: {
      total: i.overdue.total,
      more: i.overdue.total > i.overdue.rows.length ? fill(t.overdue_more, { shown: i.overdue.rows.length, total: i.overdue.total }) : null,
      rows: i.overdue.rows.map((r) => {
        const late = lateStage(r, now);
        return {
          id: String(r.id),
          ticket: r.ticket,
          title: r.title ?? '',
          agency: r.assigned_agency?.short_name || r.assigned_agency?.name || t.no_agency,
          kecamatan: r.kecamatan?.name ?? '',
          stage: late ? t[`stage_${late.stage}`] : '',
          due: late ? `${t.due} ${date(late.due)}` : '',
          daysLate: r.days_late ? fill(t.late_days, { n: r.days_late }) : '',
          reporters: (r.reporters_count ?? 1) > 1 ? fill(t.reporters, { n: r.reporters_count! }) : '',
          status: STATUS_LABELS[r.status]?.[locale] ?? r.status,
        };
      }),
    },
    generatedAt: formatDateTime(now.toISOString(), locale, timezone),
  };
}
export type DashboardModel = ReturnType<typeof dashboardModel>;

export type UpdateRow = {
  id: number | string;
  kind: string;
  status_from?: Status | null;
  status_to?: Status | null;
  body?: string | null;
  public?: boolean | number | null;
  date_created?: string | null;
  agency?: { short_name?: string | null; name?: string | null } | null;
};

/**
 * A report's history as the timeline sheet shows it: oldest first, each entry a
 * label ("Diterima → Terverifikasi" for a status change), when, the agency and
 * the text. Plain strings: the client puts them in with textContent.
 */
export function timelineModel(
  complaint: { ticket: string; title?: string | null; status: Status; received_at?: string | null },
  updates: readonly UpdateRow[],
  locale: Locale,
  timezone: string,
) {
  const t = pimpinanTexts(locale);
  const status = (s: Status | null | undefined) => (s ? (STATUS_LABELS[s]?.[locale] ?? s) : '');
  const kindLabel = (k: string) => (t as Record<string, string>)[`kind_${k}`] ?? k;
  const sorted = [...updates].sort((a, b) => String(a.date_created ?? '').localeCompare(String(b.date_created ?? '')) || Number(a.id) - Number(b.id));
  return {
    ticket: complaint.ticket,
    title: complaint.title ?? '',
    status: status(complaint.status),
    title_timeline: t.timeline,
    entries: sorted.map((u) => ({
      kind: u.kind,
      when: formatDateTime(u.date_created ?? null, locale, timezone) ?? '',
      label: u.kind === 'status_change' ? [status(u.status_from), status(u.status_to)].filter(Boolean).join(' → ') : kindLabel(u.kind),
      agency: u.agency?.short_name || u.agency?.name || '',
      body: u.body ?? '',
    })),
    empty: t.no_timeline,
  };
}
export type TimelineModel = ReturnType<typeof timelineModel>;
