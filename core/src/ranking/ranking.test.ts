import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../sla-clock.ts';
import {
  DEFAULT_RANKING_WEIGHTS, histogramMedian, monthWindow, overdueNow, rankingExportRows, rankingView, rankingWeights, rankingWindows,
  rankUnits, RankingAssignmentRow, tallyAssignments, workingDayTable, type RankingUnit, type RankingWindow,
} from './index.ts';

// Mon 2 Nov 2026 .. Fri 27 Nov 2026, Asia/Jakarta (UTC+7); 2026-11-05 a holiday in this fixture.
const cal = makeCalendar('Asia/Jakarta', ['2026-11-05']);
const NOW = new Date('2026-11-27T10:00:00+07:00');
const ctx = { calendar: cal, graceDays: 1, now: NOW };
const WINDOW: RankingWindow = { from: new Date('2026-11-02T00:00:00+07:00'), to: new Date('2026-11-27T00:00:00+07:00') };
const PREV: RankingWindow = { from: new Date('2026-10-08T00:00:00+07:00'), to: WINDOW.from };

const UNITS: RankingUnit[] = [
  { code: 'A', name: 'Dinas A', short_name: 'A' },
  { code: 'B', name: 'Dinas B', short_name: 'B' },
  { code: 'C', name: 'Dinas C', short_name: 'C' },
  { code: 'D', name: 'Dinas D', short_name: 'D' },
];

type Over = Partial<Omit<RankingAssignmentRow, 'complaint'>> & { complaint?: Partial<RankingAssignmentRow['complaint']> };
const d = (s: string | null) => (s === null ? null : new Date(s.includes('T') ? s : `${s}T09:00:00+07:00`));

/** A report answered the next day and fixed and confirmed, unless told otherwise. */
function row(agency: string, assigned: string, o: Over = {}): RankingAssignmentRow {
  const { complaint, ...rest } = o;
  return {
    agency,
    assigned_at: d(assigned),
    respond_due: d('2026-12-31'),
    accepted_at: null,
    first_response_at: d(assigned),
    returned_at: null,
    resolved_at: d(assigned),
    active: true,
    ...rest,
    complaint: { status: 'closed', status_reason: 'citizen_confirmed', satisfaction: null, reopen_count: 0, resolve_due: null, resolved_at: null, ...complaint },
  };
}

const options = { weights: DEFAULT_RANKING_WEIGHTS, minVolume: 3, resolveTargetDays: 14 };
const rank = (rows: RankingAssignmentRow[], o: Partial<typeof options> = {}, prev: RankingAssignmentRow[] = []) =>
  rankUnits(UNITS, tallyAssignments(rows, WINDOW, ctx), tallyAssignments(prev, PREV, { ...ctx, asOf: PREV.to }), overdueNow(rows, NOW), { ...options, ...o });
const times = (n: number, f: (i: number) => RankingAssignmentRow) => Array.from({ length: n }, (_, i) => f(i));

describe('minimum volume', () => {
  it('lists a unit with one report fixed in four minutes as "data belum cukup", not at the top', () => {
    const r = rank([
      row('A', '2026-11-02T09:00:00+07:00', { first_response_at: d('2026-11-02T09:04:00+07:00'), resolved_at: d('2026-11-02T09:04:00+07:00') }),
      ...times(5, () => row('B', '2026-11-03', { first_response_at: d('2026-11-10'), resolved_at: d('2026-11-20') })),
    ]);
    expect(r.ranked.map((x) => x.unit.code)).toEqual(['B']);
    expect(r.ranked[0]!.rank).toBe(1);
    const a = r.insufficient.find((x) => x.unit.code === 'A')!;
    expect(a).toMatchObject({ rank: null, score: null, stats: { counted: 1 } });
    // Units with no reports at all are listed too, after those with some.
    expect(r.insufficient.map((x) => x.unit.code)).toEqual(['A', 'C', 'D']);
  });

  it('ranks a unit exactly at the minimum', () => {
    expect(rank(times(3, () => row('C', '2026-11-03'))).ranked.map((x) => x.unit.code)).toEqual(['C']);
    expect(rank(times(3, () => row('C', '2026-11-03')), { minVolume: 4 }).ranked).toEqual([]);
  });
});

describe('window edges', () => {
  it('counts an assignment at the window start and not one at its end', () => {
    const t = tallyAssignments(
      [row('A', '2026-11-02T00:00:00+07:00'), row('A', '2026-11-27T00:00:00+07:00'), row('A', '2026-11-01T23:59:59+07:00'), row('A', '2026-11-26T23:59:59+07:00')],
      WINDOW, ctx,
    );
    expect(t.get('A')!.assigned).toBe(2);
  });

  it('builds windows on local midnight with the previous one just before', () => {
    const w = rankingWindows(30, new Date('2026-11-22T03:00:00Z'), 'Asia/Jakarta');
    expect(w.current.from.toISOString()).toBe('2026-10-23T17:00:00.000Z'); // 24 Oct 00:00 WIB
    expect(w.previous.to).toEqual(w.current.from);
    expect(w.previous.from.toISOString()).toBe('2026-09-23T17:00:00.000Z');
    expect(monthWindow('2026-11', 'Asia/Makassar')).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(() => rankingWindows(0, NOW, 'Asia/Jakarta')).toThrow(expect.objectContaining({ code: 'RANKING.BAD_WINDOW' }));
  });
});

describe('returns "bukan wewenang"', () => {
  it('keeps a return within the grace apart: it neither helps nor hurts the first office', () => {
    const base = times(4, () => row('A', '2026-11-03'));
    // Assigned Wed 4 Nov; Thu 5 Nov is a holiday, so Fri 6 Nov is still the first working day after.
    const withReturns = [...base, ...times(3, () => row('A', '2026-11-04', { first_response_at: null, resolved_at: null, returned_at: d('2026-11-06T15:00:00+07:00'), complaint: { status: 'verified', status_reason: null } }))];
    const a = rank(withReturns).ranked[0]!;
    expect(a.stats).toMatchObject({ assigned: 7, counted: 4, returned_in_grace: 3, returned_late: 0, resolved_rate: 1 });
    expect(a.score).toBe(rank(base).ranked[0]!.score);
  });

  it('counts a late return against the office: counted, never fixed', () => {
    const late = row('A', '2026-11-04', { first_response_at: null, resolved_at: null, returned_at: d('2026-11-09T10:00:00+07:00'), complaint: { status: 'closed', status_reason: 'citizen_confirmed' } });
    const a = rank([...times(3, () => row('A', '2026-11-03')), late]).ranked[0]!;
    expect(a.stats).toMatchObject({ counted: 4, returned_in_grace: 0, returned_late: 1, resolved_rate: 0.75 });
  });
});

describe('closed, not fixed', () => {
  it('does not count a report closed without resolution or rejected as fixed', () => {
    const r = rank([
      row('A', '2026-11-03'),
      row('A', '2026-11-03', { complaint: { status: 'closed', status_reason: 'out_of_scope' } }),
      row('A', '2026-11-03', { complaint: { status: 'rejected', status_reason: 'invalid' } }),
      row('A', '2026-11-03', { complaint: { status: 'resolved', status_reason: null } }),
    ]);
    expect(r.ranked[0]!.stats.resolved_rate).toBe(0.5);
  });
});

describe('SLA, medians, satisfaction, reopen, overdue', () => {
  it('judges only answered reports or passed deadlines, and counts days in working days', () => {
    const rows = [
      // Mon 2 Nov -> Mon 9 Nov: Thu 5 holiday, weekend => 4 working days, due Fri 6 end => late.
      row('A', '2026-11-02', { respond_due: d('2026-11-06T23:59:59+07:00'), first_response_at: d('2026-11-09'), resolved_at: d('2026-11-16') }),
      // Answered the same day: 0 days, on time.
      row('A', '2026-11-02', { respond_due: d('2026-11-06T23:59:59+07:00'), first_response_at: d('2026-11-02T15:00:00+07:00'), resolved_at: d('2026-11-03') }),
      // Accepted counts as answered when no response was posted.
      row('A', '2026-11-03', { respond_due: d('2026-11-10T23:59:59+07:00'), first_response_at: null, accepted_at: d('2026-11-04'), resolved_at: d('2026-11-04'), complaint: { satisfaction: 4 } }),
      // Not answered, deadline passed: judged, late; open report -> overdue now.
      row('A', '2026-11-16', { respond_due: d('2026-11-23T23:59:59+07:00'), first_response_at: null, resolved_at: null, complaint: { status: 'dispositioned', status_reason: null } }),
      // Not answered, deadline not passed: not judged yet.
      row('A', '2026-11-25', { respond_due: d('2026-12-02T23:59:59+07:00'), first_response_at: null, resolved_at: null, complaint: { status: 'dispositioned', status_reason: null } }),
      // Reopened once, then fixed; rated 2.
      row('A', '2026-11-03', { complaint: { reopen_count: 1, satisfaction: 2 } }),
    ];
    const a = rank(rows).ranked[0]!;
    expect(a.stats).toMatchObject({
      counted: 6,
      sla_rate: 3 / 5,
      median_response_days: 0.5, // [0, 0, 1, 4] -> (0 + 1) / 2
      satisfaction_avg: 3,
      rated: 2,
      reopen_rate: 1 / 4,
      overdue_now: 1,
      resolved_rate: 4 / 6,
    });
    // resolution days: 9 Nov->16 Nov... [Mon2->Mon16 = 9, Mon2->Tue3 = 1, Tue3->Wed4 = 1, Tue3->Tue3 = 0] -> 1
    expect(a.stats.median_resolution_days).toBe(1);
  });

  it('takes medians of histograms', () => {
    expect(histogramMedian({})).toBeNull();
    expect(histogramMedian({ 3: 1 })).toBe(3);
    expect(histogramMedian({ 1: 2, 5: 1 })).toBe(1);
    expect(histogramMedian({ 1: 1, 4: 1 })).toBe(2.5);
  });
});

describe('ties and trend', () => {
  it('breaks equal scores by volume, then shares the rank when volume is equal too', () => {
    const r = rank([...times(3, () => row('A', '2026-11-03')), ...times(5, () => row('B', '2026-11-03')), ...times(3, () => row('C', '2026-11-03'))]);
    expect(r.ranked.map((x) => [x.unit.code, x.rank, x.score])).toEqual([['B', 1, 100], ['A', 2, 100], ['C', 2, 100]]);
  });

  it('shows the trend against the previous window of the same length', () => {
    const prev = [...times(3, () => row('A', '2026-10-20', { first_response_at: d('2026-11-30') , respond_due: d('2026-10-27') })), ...times(3, () => row('B', '2026-10-20'))];
    const r = rank([...times(3, () => row('A', '2026-11-03')), ...times(3, () => row('B', '2026-11-03')), ...times(3, () => row('C', '2026-11-03'))], {}, prev);
    const by = Object.fromEntries(r.ranked.map((x) => [x.unit.code, x]));
    // Before: never on time (0 × .35), all fixed fast, no ratings: 50 / 85 of the weight = 58.8.
    expect(by['A']).toMatchObject({ trend: 'up', previous_score: 58.8 });
    expect(by['A']!.delta).toBe(41.2);
    expect(by['B']).toMatchObject({ trend: 'flat', delta: 0 });
    expect(by['C']).toMatchObject({ trend: null, previous_score: null });
  });
});

describe('weights as data', () => {
  it('merges stored weights over the defaults and changes the order with them', () => {
    expect(rankingWeights(null)).toEqual(DEFAULT_RANKING_WEIGHTS);
    expect(rankingWeights('{"satisfaction":0.5,"unknown":3}')).toEqual({ ...DEFAULT_RANKING_WEIGHTS, satisfaction: 0.5 });
    // A answers late but pleases; B answers on time and displeases.
    const rows = [
      ...times(3, () => row('A', '2026-11-02', { respond_due: d('2026-11-03'), first_response_at: d('2026-11-10'), complaint: { satisfaction: 5 } })),
      ...times(3, () => row('B', '2026-11-02', { complaint: { satisfaction: 1 } })),
    ];
    expect(rank(rows).ranked.map((x) => x.unit.code)).toEqual(['B', 'A']);
    const happy = rankingWeights({ sla_compliance: 0.1, satisfaction: 0.9 });
    expect(rank(rows, { weights: happy }).ranked.map((x) => x.unit.code)).toEqual(['A', 'B']);
  });

  it('refuses negative or all-zero weights with a stable code', () => {
    expect(() => rankingWeights({ sla_compliance: -1 })).toThrow(expect.objectContaining({ code: 'RANKING.BAD_WEIGHTS' }));
    expect(() => rankingWeights({ sla_compliance: 0, resolution_rate: 0, resolution_time: 0, satisfaction: 0, reopen_rate: 0 })).toThrow(
      expect.objectContaining({ code: 'RANKING.BAD_WEIGHTS' }),
    );
  });

  it('spreads the weight of a component nobody could judge over the others', () => {
    // No ratings at all: 100 on every other component is 100, not 85.
    expect(rank(times(3, () => row('A', '2026-11-03'))).ranked[0]!.score).toBe(100);
  });
});

describe('who sees what', () => {
  const r = rank([...times(3, () => row('A', '2026-11-03')), ...times(4, () => row('B', '2026-11-03'))]);
  it('gives an OPD head the whole order but the details of their own unit only', () => {
    const v = rankingView(r, { kind: 'agency', agency: 'A' });
    expect(v.ranked.map((x) => x.unit.code)).toEqual(['B', 'A']);
    expect(v.ranked.find((x) => x.unit.code === 'A')).toMatchObject({ details: true, stats: { counted: 3 } });
    const b = v.ranked.find((x) => x.unit.code === 'B')!;
    expect(b).toMatchObject({ details: false, counted: 4, score: 100 });
    expect(b.stats).toBeUndefined();
    expect(b.components).toBeUndefined();
  });
  it('gives the public no details, pimpinan all', () => {
    expect(rankingView(r, { kind: 'public' }).ranked.every((x) => !x.details && x.stats === undefined)).toBe(true);
    expect(rankingView(r, { kind: 'full' }).ranked.every((x) => x.details && x.stats !== undefined)).toBe(true);
  });
  it('exports one row per unit with Indonesian notes', () => {
    const rows = rankingExportRows(rankingView(r, { kind: 'full' }));
    expect(rows).toHaveLength(4);
    expect(rows[3]![19]).toContain('Data belum cukup');
  });
});

describe('workingDayTable', () => {
  it('gives the same working days as the clock for any two days', () => {
    const t = workingDayTable(new Date('2026-11-01T00:00:00+07:00'), new Date('2026-11-30T00:00:00+07:00'), cal);
    expect(t.offsetSeconds).toBe(7 * 3600);
    const wd = new Map(t.days);
    const day = (s: string) => Math.floor((Date.parse(s) / 1000 + t.offsetSeconds) / 86400);
    // Mon 2 -> Mon 9 Nov with a holiday on Thu 5: 4 working days.
    expect(wd.get(day('2026-11-09T10:00:00+07:00'))! - wd.get(day('2026-11-02T23:00:00+07:00'))!).toBe(4);
  });
});

describe('trend: the previous window judged as of its own end', () => {
  // One office that works exactly the same every week: each report is answered
  // 2 days after assignment (deadline 5 days) and resolved after 9 days. What
  // exists of that at an instant: events before it.
  const DAY = 86_400_000;
  function steady(w: RankingWindow, seen: Date): RankingAssignmentRow[] {
    const out: RankingAssignmentRow[] = [];
    for (let t = w.from.getTime() + 9 * 3_600_000; t < w.to.getTime(); t += DAY) {
      const at = (days: number) => (t + days * DAY < seen.getTime() ? new Date(t + days * DAY) : null);
      const resolved = at(9);
      out.push(row('A', new Date(t).toISOString(), {
        respond_due: new Date(t + 5 * DAY),
        first_response_at: at(2),
        resolved_at: resolved,
        complaint: { status: resolved ? 'closed' : 'in_progress', status_reason: resolved ? 'citizen_confirmed' : null, satisfaction: resolved ? 4 : null },
      }));
    }
    return out;
  }
  // Everything the database holds now: the previous window's reports have been answered and fixed since.
  const all = [...steady(PREV, WINDOW.to), ...steady(WINDOW, WINDOW.to)];
  const judge = { ...ctx, now: WINDOW.to };
  const current = tallyAssignments(all, WINDOW, judge);
  const rankWith = (previous: ReturnType<typeof tallyAssignments>) =>
    rankUnits(UNITS, current, previous, new Map(), { ...options, minVolume: 1 }).ranked.find((r) => r.unit.code === 'A')!;

  it('judged as of now, the same work looks worse this window: the trend leans down', () => {
    const biased = rankWith(tallyAssignments(all, PREV, judge));
    expect(biased.trend).toBe('down');
    expect(biased.previous_score!).toBeGreaterThan(biased.score! + 5);
  });

  it('judged as of its end, the previous window sees what the current one sees: flat', () => {
    const previous = tallyAssignments(all, PREV, { ...judge, asOf: PREV.to });
    // The same tally as if the database were read at the previous window's end.
    expect(previous).toEqual(tallyAssignments(steady(PREV, PREV.to), PREV, { ...judge, now: PREV.to }));
    const fair = rankWith(previous);
    expect(fair.trend).toBe('flat');
    expect(Math.abs(fair.delta!)).toBeLessThan(1);
    const p = previous.get('A')!;
    const c = current.get('A')!;
    // Fixed share and ratings: only what had happened by then.
    expect(p.fixed / p.counted).toBeCloseTo(c.fixed / c.counted, 1);
    expect(p.rated).toBe(p.fixed);
  });

  it('ignores answers and returns after the end and judges deadlines at it', () => {
    const end = PREV.to;
    const r = row('A', new Date(end.getTime() - 2 * DAY).toISOString(), {
      respond_due: new Date(end.getTime() - DAY), first_response_at: new Date(end.getTime() + DAY), resolved_at: new Date(end.getTime() + 2 * DAY),
      complaint: { satisfaction: 5 },
    });
    const late = row('A', new Date(end.getTime() - DAY).toISOString(), { first_response_at: null, returned_at: new Date(end.getTime() + 3_600_000), resolved_at: null });
    const t = tallyAssignments([r, late], PREV, { ...ctx, asOf: end })!.get('A')!;
    expect(t).toMatchObject({ assigned: 2, counted: 2, returned_in_grace: 0, sla_judged: 1, sla_met: 0, fixed: 0, rated: 0, response_days: {} });
    const now = tallyAssignments([r, late], PREV, ctx).get('A')!;
    expect(now).toMatchObject({ returned_in_grace: 1, sla_judged: 1, fixed: 1, rated: 1 });
  });
});
