import {
  DEFAULT_RANKING_MIN_VOLUME, makeCalendar, monthWindow, previousWindow, rankingWeights, rankingWindows, rankUnits, type Ranking, type RankingLevel,
  type RankingUnit, type RankingWindow,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { BUILT_IN_SP4N, DEFAULT_TIMEZONE, FALLBACK_POLICY_CODE } from '../shared/defaults.ts';
import { installPreAggregate, preAggregatedTallies, refreshPreAggregate } from './pre-aggregate.ts';
import { dbBool } from '../shared/knex-dialect.ts';

export type RankingSettings = {
  timezone: string;
  minVolume: number;
  weights: unknown;
  publicEnabled: boolean;
};

const ymd = (v: unknown) =>
  v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10);

export async function readRankingSettings(knex: Knex, env: Record<string, string | undefined> = process.env): Promise<RankingSettings> {
  const s = await knex('settings').first('timezone', 'ranking_min_volume', 'ranking_weights', 'public_ranking_enabled').catch(() => undefined);
  return {
    timezone: (s?.timezone as string | undefined) || env['KANAL_TIMEZONE'] || DEFAULT_TIMEZONE,
    minVolume: s?.ranking_min_volume === null || s?.ranking_min_volume === undefined ? DEFAULT_RANKING_MIN_VOLUME : Number(s.ranking_min_volume),
    weights: s?.ranking_weights ?? null,
    publicEnabled: dbBool(s?.public_ranking_enabled),
  };
}

/** The window asked for: the last `days` local days, or a calendar month 'YYYY-MM'. */
export type WindowChoice = { days: number } | { month: string };

export function windowsFor(choice: WindowChoice, now: Date, timezone: string): { current: RankingWindow; previous: RankingWindow } {
  if ('month' in choice) {
    const current = monthWindow(choice.month, timezone);
    // Inside the running month, "overdue"/"not yet judged" are measured now; a past month is judged at its end.
    return { current, previous: monthWindow(prevMonth(choice.month), timezone) };
  }
  return rankingWindows(choice.days, now, timezone);
}

function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export type ComputeOptions = {
  level: RankingLevel;
  window: WindowChoice;
  minVolume?: number;
  now?: Date;
  /** Skip the one-minute memo (admins and pimpinan may ask for it; the benchmark's cold runs do). */
  fresh?: boolean;
};

/**
 * One-minute memo of the SQL tallies. The tallies hold every unit of every
 * level, so the dashboard's two panels (OPD and Camat) cost one aggregate, and
 * a Bupati reloading the page does not rescan a million rows. Figures are at
 * most a minute old: windows end at the start of the current minute.
 */
const MEMO_MS = 60_000;
const memo = new Map<string, { at: number; value: Promise<Awaited<ReturnType<typeof preAggregatedTallies>>> }>();
function memoTallies(key: string, fresh: boolean, run: () => ReturnType<typeof preAggregatedTallies>) {
  const now = Date.now();
  for (const [k, v] of memo) if (now - v.at > MEMO_MS) memo.delete(k);
  const hit = memo.get(key);
  if (hit && !fresh) return hit.value;
  const value = run();
  memo.set(key, { at: now, value });
  value.catch(() => memo.delete(key));
  return value;
}
export type ComputedRanking = Ranking & { level: RankingLevel; window: RankingWindow; previous_window: RankingWindow; generated_at: string; timezone: string };

/** The working calendar and SP4N figures the tallies are judged by (holidays, fallback policy). */
export async function rankingContext(knex: Knex, s: RankingSettings) {
  const [policy, holidays] = await Promise.all([
    knex('sla_policies').where('code', FALLBACK_POLICY_CODE).first('return_grace_days', 'resolve_days').catch(() => undefined),
    knex('holidays').select('date').catch(() => [] as Array<{ date: unknown }>),
  ]);
  return {
    calendar: makeCalendar(s.timezone, holidays.map((h) => ymd(h.date))),
    graceDays: Number(policy?.return_grace_days ?? BUILT_IN_SP4N.return_grace_days),
    resolveTargetDays: Number(policy?.resolve_days ?? BUILT_IN_SP4N.resolve_days),
  };
}

/**
 * The ranking's own tables, ready before the first request: created (with
 * their triggers) if missing, and every pending change folded in — after a
 * fresh install, a seed or an import the first dashboard view only reads.
 */
export async function prepareRanking(knex: Knex, now = new Date()): Promise<{ created: boolean; rebuilt: boolean; days: number }> {
  const created = await installPreAggregate(knex);
  const ctx = await rankingContext(knex, await readRankingSettings(knex));
  const { rebuilt, days } = await refreshPreAggregate(knex, ctx, now);
  return { created, rebuilt, days };
}

/** Reads reference data, runs the SQL aggregate and ranks with core. */
export async function computeRanking(knex: Knex, o: ComputeOptions, settings?: RankingSettings): Promise<ComputedRanking> {
  const s = settings ?? (await readRankingSettings(knex));
  const now = new Date(Math.floor((o.now ?? new Date()).getTime() / 60_000) * 60_000);
  const { current, previous } = windowsFor(o.window, now, s.timezone);
  if (previous.to.getTime() !== current.from.getTime()) Object.assign(previous, previousWindow(current));
  const [{ calendar, graceDays, resolveTargetDays }, agencies] = await Promise.all([
    rankingContext(knex, s),
    knex('agencies').where('kind', o.level).select('code', 'name', 'short_name', 'active'),
  ]);
  // A judged window ends at its end (or now, whichever is first).
  const judgedAt = new Date(Math.min(now.getTime(), current.to.getTime()));
  const key = JSON.stringify([current, previous, now, judgedAt, graceDays, s.timezone, [...calendar.holidays].sort()]);
  const tallies = await memoTallies(key, o.fresh === true, () => preAggregatedTallies(knex, { current, previous, now, judgeAt: judgedAt, calendar, graceDays }));
  // Inactive units are listed only while they still have reports in the window.
  const units: RankingUnit[] = agencies
    .filter((a) => dbBool(a.active) || tallies.current.has(String(a.code)))
    .map((a) => ({ code: String(a.code), name: String(a.name), short_name: (a.short_name as string | null) ?? null }));
  const ranking = rankUnits(units, tallies.current, tallies.previous, tallies.overdue, {
    weights: rankingWeights(s.weights),
    minVolume: o.minVolume ?? s.minVolume,
    resolveTargetDays,
  });
  return { ...ranking, level: o.level, window: current, previous_window: previous, generated_at: now.toISOString(), timezone: s.timezone };
}
