import type { Knex } from 'knex';
import { dialect, num, OPEN_LIST, queryWindowTallies, type TallyQueryInput, type TallyQueryResult } from '../ranking/query.ts';

// The ranking's reference SQL path, straight from the rows: the tests hold the
// pre-aggregate (what the endpoint serves) equal to it, and bench/ranking times it.

/** Overdue now: a snapshot over active assignments of open reports, not windowed. */
export async function queryOverdue(knex: Knex, now: Date): Promise<Map<string, number>> {
  const D = dialect(knex);
  const T = D.tsCol;
  const nowTs = D.ts(now);
  const overdueRows: Array<Record<string, unknown>> = await knex('assignments as a')
    .join('complaints as c', 'c.id', 'a.complaint')
    .whereRaw(`a.active = ${D.bool} AND a.returned_at IS NULL AND c.status IN (${OPEN_LIST})`)
    .whereRaw(
      `((COALESCE(a.first_response_at, a.accepted_at) IS NULL AND a.respond_due IS NOT NULL AND ${T('a.respond_due')} < ?) OR (c.resolve_due IS NOT NULL AND ${T('c.resolve_due')} < ?))`,
      [nowTs, nowTs],
    )
    .groupBy('a.agency')
    .select('a.agency as agency', knex.raw('COUNT(*) AS n'));
  return new Map(overdueRows.map((r) => [String(r['agency']), num(r['n'])]));
}

/**
 * The reference SQL path: both windows straight from the rows — the current
 * one as it stands (deadlines judged at `judgeAt`), the previous one as it
 * stood at its end — and overdue now.
 */
export async function queryTallies(knex: Knex, q: TallyQueryInput): Promise<TallyQueryResult> {
  if (q.previous.to.getTime() !== q.current.from.getTime()) throw new Error('ranking windows must be contiguous');
  const base = { calendar: q.calendar, graceDays: q.graceDays, now: q.now };
  const [current, previous, overdue] = await Promise.all([
    queryWindowTallies(knex, q.current, { ...base, asOf: null, judgeAt: q.judgeAt ?? q.now }),
    queryWindowTallies(knex, q.previous, { ...base, asOf: q.previous.to, judgeAt: q.previous.to }),
    queryOverdue(knex, q.now),
  ]);
  return { current, previous, overdue };
}
