import { localDayNumber } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { COUNT_COLUMNS, dayStart, preAggregateVersion, rawRows, sqlString, type PreAggregateContext } from './pre-aggregate-setup.ts';
import { refreshSnapshots } from './pre-aggregate-snapshots.ts';
import { assignmentRowsSql, calendarSql, dialect, groupedTallySql, inWindowSql, num, type Dialect } from './query.ts';

// Refresh of the ranking pre-aggregate (see pre-aggregate.ts): folds the days the
// triggers marked dirty back into `ranking_daily` and the kept snapshots.

/** Dirty days beyond which a rebuild is cheaper than one range per day. */
const FULL_REBUILD_ABOVE = 400;

async function insertDays(trx: Knex, sqlDialect: Dialect, context: PreAggregateContext, where: string, fromDay: number, utcOffset: number, now: Date) {
  const calendar = calendarSql(sqlDialect, dayStart(fromDay, utcOffset), now, context.calendar);
  // judgeAt is irrelevant here: `missed` is stored but never read from this table.
  const rows = assignmentRowsSql(sqlDialect, calendar, { asOf: null, judgeAt: now, graceDays: context.graceDays, where, extra: `${sqlDialect.day('a.assigned_at', utcOffset)} AS day` });
  await trx.raw(`INSERT INTO ranking_daily (agency, day, g, lag, ${COUNT_COLUMNS.join(', ')}) ${groupedTallySql(sqlDialect, calendar, rows, ['day'])}`);
}

/** Folds the dirty days back into `ranking_daily` (or rebuilds it when the calendar changed). */
export async function refreshPreAggregate(knex: Knex, context: PreAggregateContext, now: Date): Promise<{ rebuilt: boolean; days: number; snapshots: number }> {
  const sqlDialect = dialect(knex);
  const version = preAggregateVersion(context);
  const utcOffset = calendarSql(sqlDialect, now, now, context.calendar).offset;
  return knex.transaction(async (trx) => {
    if (!sqlDialect.sqlite) await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('kanal_ranking_daily'))`);
    const meta = await trx('ranking_meta').where('k', 'version').first('v');
    let dirty: Array<Record<string, unknown>>;
    if (sqlDialect.sqlite) {
      const max = num((await trx('ranking_dirty').max({ maxId: 'id' }).first())?.maxId);
      dirty = await rawRows(trx, `SELECT DISTINCT agency, ${sqlDialect.day('assigned_at', utcOffset)} AS day FROM ranking_dirty WHERE id <= ? AND assigned_at IS NOT NULL`, [max]);
      await trx('ranking_dirty').where('id', '<=', max).delete();
    } else {
      // Takes exactly the marks this transaction sees; a rollback puts them back.
      dirty = await rawRows(trx, `WITH d AS (DELETE FROM ranking_dirty RETURNING agency, assigned_at)
        SELECT DISTINCT agency, ${sqlDialect.day('assigned_at', utcOffset)} AS day FROM d WHERE assigned_at IS NOT NULL`);
    }
    if (meta?.v !== version || dirty.length > FULL_REBUILD_ABOVE) {
      await trx('ranking_daily').delete();
      // Snapshots are remade whole on their next read.
      await trx('ranking_snapshot_days').delete();
      await trx('ranking_snapshots').delete();
      const first = (await rawRows(trx, `SELECT MIN(${sqlDialect.epoch('assigned_at')}) AS first_epoch FROM assignments`))[0]?.['first_epoch'];
      if (first !== null && first !== undefined) {
        await insertDays(trx, sqlDialect, context, 'a.assigned_at IS NOT NULL', localDayNumber(new Date(Number(first) * 1000), utcOffset), utcOffset, now);
      }
      await trx('ranking_meta').insert({ k: 'version', v: version }).onConflict('k').merge();
      return { rebuilt: true, days: dirty.length, snapshots: 0 };
    }
    if (dirty.length === 0) return { rebuilt: false, days: 0, snapshots: 0 };
    const byDay = new Map<number, string[]>();
    for (const row of dirty) {
      const day = num(row['day']);
      byDay.set(day, [...(byDay.get(day) ?? []), String(row['agency'])]);
    }
    const dirtyRanges: string[] = [];
    for (const [day, agencies] of byDay) {
      await trx('ranking_daily').where('day', day).whereIn('agency', agencies).delete();
      dirtyRanges.push(`(${inWindowSql(sqlDialect, { from: dayStart(day, utcOffset), to: dayStart(day + 1, utcOffset) })} AND a.agency IN (${agencies.map(sqlString).join(', ')}))`);
    }
    await insertDays(trx, sqlDialect, context, `(${dirtyRanges.join(' OR ')})`, Math.min(...byDay.keys()), utcOffset, now);
    const snapshots = await refreshSnapshots(trx, context, byDay, utcOffset, now);
    return { rebuilt: false, days: dirty.length, snapshots };
  });
}
