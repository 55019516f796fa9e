import { histogramMedian, type UnitTally } from './tally.ts';
import { SCORE_COMPONENTS, type RankingWeights, type ScoreComponent } from './weights.ts';

// Desa/kelurahan offices receive dispositions but form no level: hundreds of units with a few
// reports each would rank as "data belum cukup", and a desa is self-governing, not a unit of the
// Pemda's evaluation (see the bundle's ranking/access.ts). Their assignments count nowhere here.
export type RankingLevel = 'opd' | 'kecamatan';
export const RANKING_LEVELS = ['opd', 'kecamatan'] as const;
export const LEVEL_LABELS: Record<RankingLevel, { id: string; en: string }> = {
  opd: { id: 'OPD', en: 'Agencies' },
  kecamatan: { id: 'Kecamatan (Camat)', en: 'Sub-districts (Camat)' },
};

export type RankingUnit = { code: string; name: string; short_name: string | null };

/** What a reader sees about a unit's handling in the window (rates 0..1, days in working days). */
export type UnitStats = {
  assigned: number;
  counted: number;
  returned_in_grace: number;
  returned_late: number;
  sla_rate: number | null;
  resolved_rate: number | null;
  median_response_days: number | null;
  median_resolution_days: number | null;
  satisfaction_avg: number | null;
  rated: number;
  reopen_rate: number | null;
  overdue_now: number;
};

export type RankingRow = {
  /** 1-based; equal score and equal volume share a rank. Null in "data belum cukup". */
  rank: number | null;
  unit: RankingUnit;
  /** 0–100, one decimal; null below the minimum volume. */
  score: number | null;
  /** Each component 0..1 (1 best); null when the unit has nothing to judge it by (its weight is then spread over the others). */
  components: Record<ScoreComponent, number | null>;
  stats: UnitStats;
  previous_score: number | null;
  /** score - previous_score, one decimal. */
  delta: number | null;
  trend: 'up' | 'down' | 'flat' | null;
};

export type RankingOptions = {
  weights: RankingWeights;
  minVolume: number;
  /** Resolution target in working days (sla_policies.resolve_days): the median at the target scores 0.5. */
  resolveTargetDays: number;
  /** |delta| below this is "flat" (default 1 point). */
  flatBand?: number;
};

export type Ranking = {
  ranked: RankingRow[];
  /** "Data belum cukup": below the minimum volume, listed apart by volume. */
  insufficient: RankingRow[];
  weights: RankingWeights;
  min_volume: number;
};

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const share = (n: number, d: number) => (d > 0 ? n / d : null);

export function unitStats(t: UnitTally, overdue: number): UnitStats {
  return {
    assigned: t.assigned,
    counted: t.counted,
    returned_in_grace: t.returned_in_grace,
    returned_late: t.returned_late,
    sla_rate: share(t.sla_met, t.sla_judged),
    resolved_rate: share(t.fixed, t.counted),
    median_response_days: histogramMedian(t.response_days),
    median_resolution_days: histogramMedian(t.resolution_days),
    satisfaction_avg: t.rated > 0 ? t.satisfaction_sum / t.rated : null,
    rated: t.rated,
    reopen_rate: share(t.reopened, t.reached_resolution),
    overdue_now: overdue,
  };
}

/**
 * Components in 0..1, higher is better:
 * - sla_compliance = answered on time / judged;
 * - resolution_rate = fixed / counted;
 * - resolution_time = 1 - median / (2 × target), clamped: 1 at once, 0.5 on target, 0 at twice the target;
 * - satisfaction = (average - 1) / 4 on the 1–5 scale;
 * - reopen_rate = 1 - reopened / reached resolution.
 */
export function scoreComponents(s: UnitStats, resolveTargetDays: number): Record<ScoreComponent, number | null> {
  const target = Math.max(1, resolveTargetDays);
  return {
    sla_compliance: s.sla_rate,
    resolution_rate: s.resolved_rate,
    resolution_time: s.median_resolution_days === null ? null : Math.min(1, Math.max(0, 1 - s.median_resolution_days / (2 * target))),
    satisfaction: s.satisfaction_avg === null ? null : (s.satisfaction_avg - 1) / 4,
    reopen_rate: s.reopen_rate === null ? null : 1 - s.reopen_rate,
  };
}

/** Weighted mean of the known components × 100, one decimal; null when none is known. */
export function weightedScore(c: Record<ScoreComponent, number | null>, w: RankingWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of SCORE_COMPONENTS) {
    const v = c[k];
    if (v === null || w[k] === 0) continue;
    sum += v * w[k];
    weight += w[k];
  }
  return weight > 0 ? round((100 * sum) / weight, 1) : null;
}

function scoreOf(t: UnitTally | undefined, overdue: number, o: RankingOptions) {
  const tally = t ?? emptyLike();
  const stats = unitStats(tally, overdue);
  const components = scoreComponents(stats, o.resolveTargetDays);
  const enough = tally.counted >= Math.max(1, o.minVolume);
  return { stats, components, score: enough ? weightedScore(components, o.weights) : null };
}

function emptyLike(): UnitTally {
  return {
    assigned: 0, returned_in_grace: 0, returned_late: 0, counted: 0, sla_judged: 0, sla_met: 0, fixed: 0,
    reached_resolution: 0, reopened: 0, rated: 0, satisfaction_sum: 0, response_days: {}, resolution_days: {},
  };
}

/**
 * The ranking of `units` from their tallies in the current and previous
 * window. Only units with at least `minVolume` counted assignments (and at
 * least one) get a score and a rank; the rest are "data belum cukup". Order:
 * score, then volume (more reports handled at the same score ranks higher),
 * then name; equal score and volume share the rank.
 */
export function rankUnits(
  units: readonly RankingUnit[],
  current: ReadonlyMap<string, UnitTally>,
  previous: ReadonlyMap<string, UnitTally>,
  overdue: ReadonlyMap<string, number>,
  o: RankingOptions,
): Ranking {
  const band = o.flatBand ?? 1;
  const rows: RankingRow[] = units.map((unit) => {
    const now = scoreOf(current.get(unit.code), overdue.get(unit.code) ?? 0, o);
    const before = scoreOf(previous.get(unit.code), 0, o);
    const delta = now.score !== null && before.score !== null ? round(now.score - before.score, 1) : null;
    return {
      rank: null,
      unit,
      score: now.score,
      components: now.components,
      stats: now.stats,
      previous_score: before.score,
      delta,
      trend: delta === null ? null : delta >= band ? 'up' : delta <= -band ? 'down' : 'flat',
    };
  });
  const byName = (a: RankingRow, b: RankingRow) => a.unit.name.localeCompare(b.unit.name, 'id');
  const ranked = rows
    .filter((r) => r.score !== null)
    .sort((a, b) => b.score! - a.score! || b.stats.counted - a.stats.counted || byName(a, b));
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    r.rank = prev && prev.score === r.score && prev.stats.counted === r.stats.counted ? prev.rank : i + 1;
  });
  const insufficient = rows.filter((r) => r.score === null).sort((a, b) => b.stats.counted - a.stats.counted || byName(a, b));
  return { ranked, insufficient, weights: o.weights, min_volume: o.minVolume };
}
