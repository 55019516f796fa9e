import { createHash } from 'node:crypto';
import { emptyTally, localDayNumber, type RankingWindow, type UnitTally } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { dayStart, preAggregateVersion, rawRows, sqlString, type PreAggregateContext } from './pre-aggregate-setup.ts';
import { addGroupedRow, assignmentRowsSql, calendarSql, dialect, groupedTallySql, inWindowSql, num, tallyOf } from './query.ts';

// Snapshots of the ranking pre-aggregate (see pre-aggregate.ts): the previous
// window as of its end, kept equal to the rows as days are marked dirty.

const SNAPSHOT_KEEP_MS = 3 * 86_400_000;

/** into += sign × tally (histogram entries that reach 0 are dropped, as the row-by-row tally never has them). */
export function mergeTally(into: UnitTally, tally: UnitTally, sign: 1 | -1 = 1) {
  for (const field of ['assigned', 'returned_in_grace', 'returned_late', 'counted', 'sla_judged', 'sla_met', 'fixed', 'reached_resolution', 'reopened', 'rated', 'satisfaction_sum'] as const) into[field] += sign * tally[field];
  for (const [histogram, from] of [[into.response_days, tally.response_days], [into.resolution_days, tally.resolution_days]] as const) {
    for (const [lagDays, count] of Object.entries(from)) {
      const value = (histogram[Number(lagDays)] ?? 0) + sign * count;
      if (value === 0) delete histogram[Number(lagDays)];
      else histogram[Number(lagDays)] = value;
    }
  }
}

const snapshotKey = (rankingWindow: RankingWindow, context: PreAggregateContext) =>
  createHash('sha256').update(JSON.stringify([preAggregateVersion(context), rankingWindow.from.toISOString(), rankingWindow.to.toISOString()])).digest('hex').slice(0, 32);
const bucketKey = (day: number, agency: string) => `${day}|${agency}`;
const parseTally = (tally: Partial<UnitTally>): UnitTally => ({ ...emptyTally(), ...tally });
const parseTallies = (text: unknown) => new Map(Object.entries(JSON.parse(String(text)) as Record<string, UnitTally>).map(([agency, tally]) => [agency, parseTally(tally)]));

/**
 * The window as of its end, per unit and local day of assignment (`day|agency`
 * -> tally), from the rows; `where` narrows it to some unit-days. The same
 * per-row SQL as `queryWindowTallies(…, asOf: rankingWindow.to)`.
 */
async function snapshotBuckets(knex: Knex, rankingWindow: RankingWindow, context: PreAggregateContext, now: Date, where?: string): Promise<Map<string, UnitTally>> {
  const sqlDialect = dialect(knex);
  const calendar = calendarSql(sqlDialect, rankingWindow.from, new Date(Math.max(now.getTime(), rankingWindow.to.getTime())), context.calendar);
  const rows = assignmentRowsSql(sqlDialect, calendar, {
    asOf: rankingWindow.to, judgeAt: rankingWindow.to, graceDays: context.graceDays,
    where: `${inWindowSql(sqlDialect, rankingWindow)}${where ? ` AND (${where})` : ''}`, extra: `${sqlDialect.day('a.assigned_at', calendar.offset)} AS day`,
  });
  const out = new Map<string, UnitTally>();
  for (const row of await rawRows(knex, groupedTallySql(sqlDialect, calendar, rows, ['day']))) addGroupedRow(tallyOf(out, bucketKey(num(row['day']), String(row['agency']))), row);
  return out;
}

async function insertBuckets(trx: Knex, snapshotId: string, buckets: Map<string, UnitTally>) {
  const rows = [...buckets].map(([key, tally]) => {
    const at = key.indexOf('|');
    return { k: snapshotId, day: Number(key.slice(0, at)), agency: key.slice(at + 1), tally: JSON.stringify(tally) };
  });
  // 4 parameters a row: 200 rows stay under SQLite's 999-parameter limit of older builds.
  for (let start = 0; start < rows.length; start += 200) await trx('ranking_snapshot_days').insert(rows.slice(start, start + 200));
}

/** The previous window as of its end: computed once, then kept equal to the rows by `refreshSnapshots`. */
export async function snapshotTallies(knex: Knex, rankingWindow: RankingWindow, now: Date, context: PreAggregateContext): Promise<Map<string, UnitTally>> {
  const key = snapshotKey(rankingWindow, context);
  const stored = await knex('ranking_snapshots').where('k', key).first('tallies');
  if (stored) return parseTallies(stored.tallies);
  return knex.transaction(async (trx) => {
    // The lock `refreshPreAggregate` holds: no mark is folded while a snapshot is being made.
    if (!dialect(trx).sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_daily'))`);
    const again = await trx('ranking_snapshots').where('k', key).first('tallies');
    if (again) return parseTallies(again.tallies);
    const buckets = await snapshotBuckets(trx, rankingWindow, context, now);
    const totals = new Map<string, UnitTally>();
    for (const [dayAgency, tally] of buckets) mergeTally(tallyOf(totals, dayAgency.slice(dayAgency.indexOf('|') + 1)), tally);
    const created = Date.now();
    const old = trx('ranking_snapshots').where('created_at', '<', created - SNAPSHOT_KEEP_MS).select('k');
    await trx('ranking_snapshot_days').whereIn('k', old).delete();
    await trx('ranking_snapshots').where('created_at', '<', created - SNAPSHOT_KEEP_MS).delete();
    const utcOffset = calendarSql(dialect(trx), now, now, context.calendar).offset;
    await trx('ranking_snapshots').insert({
      k: key, from_ms: rankingWindow.from.getTime(), to_ms: rankingWindow.to.getTime(), from_day: localDayNumber(rankingWindow.from, utcOffset), to_day: localDayNumber(new Date(rankingWindow.to.getTime() - 1), utcOffset),
      tallies: JSON.stringify(Object.fromEntries(totals)), created_at: created,
    });
    await insertBuckets(trx, key, buckets);
    return totals;
  });
}

/**
 * Brings every kept snapshot back to the rows for the unit-days just marked
 * dirty (inside `refreshPreAggregate`'s transaction): each marked day inside
 * a snapshot's window has its buckets recomputed as of the snapshot's end,
 * and the total moves by new - old. Marks outside every window cost nothing.
 */
export async function refreshSnapshots(trx: Knex, context: PreAggregateContext, byDay: Map<number, string[]>, utcOffset: number, now: Date): Promise<number> {
  const sqlDialect = dialect(trx);
  const days = [...byDay.keys()];
  const snapshots = await trx('ranking_snapshots')
    .where('from_day', '<=', Math.max(...days)).andWhere('to_day', '>=', Math.min(...days))
    .select('k', 'from_ms', 'to_ms', 'from_day', 'to_day', 'tallies');
  let redone = 0;
  for (const snapshot of snapshots) {
    const hit = [...byDay].filter(([day]) => day >= num(snapshot.from_day) && day <= num(snapshot.to_day));
    if (hit.length === 0) continue;
    const rankingWindow: RankingWindow = { from: new Date(num(snapshot.from_ms)), to: new Date(num(snapshot.to_ms)) };
    const where = hit
      .map(([day, agencies]) => `(${inWindowSql(sqlDialect, { from: dayStart(day, utcOffset), to: dayStart(day + 1, utcOffset) })} AND a.agency IN (${agencies.map(sqlString).join(', ')}))`)
      .join(' OR ');
    const fresh = await snapshotBuckets(trx, rankingWindow, context, now, where);
    const totals = parseTallies(snapshot.tallies);
    const snapshotId = String(snapshot.k);
    for (const [day, agencies] of hit) {
      const old = await trx('ranking_snapshot_days').where({ k: snapshotId, day }).whereIn('agency', agencies).select('agency', 'tally');
      for (const oldBucket of old) mergeTally(tallyOf(totals, String(oldBucket.agency)), parseTally(JSON.parse(String(oldBucket.tally)) as UnitTally), -1);
      await trx('ranking_snapshot_days').where({ k: snapshotId, day }).whereIn('agency', agencies).delete();
    }
    for (const [dayAgency, tally] of fresh) mergeTally(tallyOf(totals, dayAgency.slice(dayAgency.indexOf('|') + 1)), tally);
    for (const [agency, tally] of totals) if (tally.assigned === 0) totals.delete(agency);
    await insertBuckets(trx, snapshotId, fresh);
    await trx('ranking_snapshots').where('k', snapshotId).update({ tallies: JSON.stringify(Object.fromEntries(totals)) });
    redone += 1;
  }
  return redone;
}
