import type { EventSender, KanalEvent, Logger } from '../../shared/events.ts';
import type { OutboxStore } from '../../shared/store.ts';
import { DomainError } from '@kanal-aduan/core';
import { enqueueFollowUp, recordAfterCommit } from '../handlers/record-move.ts';
import { settlePatch, staleWarning, type OutboxPolicy } from './policy.ts';

export type DeliveryDeps = {
  outbox: OutboxStore;
  /** Null when events are off: nothing is sent, nothing is stale. */
  send: EventSender | null;
  policy: OutboxPolicy;
  now: () => Date;
  logger: Logger;
  /** Where events go, for the admin's warning. */
  targetUrl: string | null;
};

/**
 * One attempt at one outbox row: claim it (a conditional UPDATE, so two
 * senders in two Directus instances never send the same row at the same
 * moment), post it, settle it (delivered, or pending again after a backoff).
 * False when the row was not claimable or n8n did not take it.
 */
export async function deliverOne(id: string, deps: DeliveryDeps): Promise<boolean> {
  if (!deps.send) return false;
  const row = await deps.outbox.claim(id, deps.now(), deps.policy);
  if (!row) return false;
  const result = await deps.send(row.payload as KanalEvent);
  await deps.outbox.settle(row.id, settlePatch(row, result, deps.now(), deps.policy));
  if (!result.ok) {
    // First failure at warn; later ones at debug: the stale warning (10 min) speaks for them.
    const log = row.attempts === 1 ? deps.logger.warn.bind(deps.logger) : (deps.logger.debug ?? (() => {})).bind(deps.logger);
    log(`[kanal-aduan] peristiwa ${row.event} (${row.id}) belum diterima n8n, percobaan ke-${row.attempts}: ${result.error}; dikirim ulang otomatis`);
  }
  return result.ok;
}

export type SweepReport = { repaired: number; announced: number; delivered: number; failed: number; stale: number; pruned: number };

/**
 * The schedule hook's pass (every KANAL_OUTBOX_SWEEP_SECONDS):
 * 1. repair: reports whose move is still unrecorded a while after the save
 *    (a save without a user, which Directus does not log, recorded by the
 *    action after its commit, and Directus stopped in between; or a move
 *    written straight into the table) get their history row, assignment and outbox row now;
 * 2. repair: public follow-ups saved through Directus a while ago (within
 *    `followUpLookbackMs`) with no `update:<id>` row get their event now;
 * 3. prune delivered rows older than the retention, in short batches;
 * 4. deliver what is due, oldest first;
 * 5. count what n8n has not taken for 10 minutes, for the admin's warning.
 */
export async function sweepOutbox(deps: DeliveryDeps, limit = 50): Promise<SweepReport & { warning: string | null }> {
  const report: SweepReport = { repaired: 0, announced: 0, delivered: 0, failed: 0, stale: 0, pruned: 0 };
  const now = deps.now();
  for (const row of await deps.outbox.unrecorded(new Date(now.getTime() - deps.policy.repairAfterMs), limit)) {
    try {
      // Reads the move inside its transaction (row-locked on Postgres): a save recording it right now is waited for.
      const { written, unreadable } = await recordAfterCommit(row.id, { outbox: deps.outbox, now: deps.now, eventsOn: deps.send !== null });
      if (unreadable) {
        deps.logger.warn(`[kanal-aduan] laporan ${String(row.id)}: last_transition tidak terbaca atau tidak cocok dengan pending_transition; riwayatnya tidak dapat dipulihkan otomatis`);
        await deps.outbox.clearPendingTransition(row.id, row.pending_transition);
        continue;
      }
      report.repaired += written.length;
      if (written.length > 0) deps.logger.warn(`[kanal-aduan] laporan ${String(row.id)}: riwayat perpindahan ${written.join(', ')} dipulihkan oleh penyapu antrian`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'COMPLAINT.CHANGED_MEANWHILE') {
        // Waiting will not help: the history already moved on from where this move started.
        (deps.logger.error ?? deps.logger.warn).call(deps.logger, `[kanal-aduan] laporan ${String(row.id)}: perpindahan ${row.pending_transition} tidak cocok dengan riwayatnya (${error.message}); tidak dipulihkan`);
        await deps.outbox.clearPendingTransition(row.id, row.pending_transition);
        continue;
      }
      // Typically the action recording the same move at this very moment (unique key): next pass sees it done.
      deps.logger.warn(`[kanal-aduan] laporan ${String(row.id)}: pemulihan riwayat ditunda: ${(error as Error).message}`);
    }
  }
  const recordDeps = { outbox: deps.outbox, now: deps.now, eventsOn: deps.send !== null };
  const repairBefore = new Date(now.getTime() - deps.policy.repairAfterMs);
  for (const update of await deps.outbox.unannouncedFollowUps(new Date(now.getTime() - deps.policy.followUpLookbackMs), repairBefore, limit)) {
    try {
      const id = await enqueueFollowUp({ id: update.id, complaint: update.complaint, at: update.created_at }, recordDeps);
      if (id) {
        report.announced++;
        deps.logger.warn(`[kanal-aduan] tindak lanjut ${String(update.id)} (laporan ${String(update.complaint)}) belum masuk antrian peristiwa; dimasukkan oleh penyapu antrian`);
      }
    } catch (error) {
      deps.logger.warn(`[kanal-aduan] tindak lanjut ${String(update.id)}: pemulihan peristiwa ditunda: ${(error as Error).message}`);
    }
  }
  report.pruned = await pruneDelivered(deps);
  if (!deps.send) return { ...report, warning: null };
  for (const id of await deps.outbox.dueIds(deps.now(), limit)) {
    if (await deliverOne(id, deps)) report.delivered++;
    else report.failed++;
  }
  const stale = await deps.outbox.undeliveredSince(new Date(deps.now().getTime() - deps.policy.staleAfterMs));
  report.stale = stale.count;
  return { ...report, warning: staleWarning(stale, deps.targetUrl, deps.now()) };
}

/**
 * Deletes delivered rows older than the retention: at most `pruneBatchesPerSweep`
 * statements of `pruneBatch` rows, so a backlog (first run after an upgrade)
 * drains over a few sweeps without a long lock. Undelivered rows are never touched.
 */
export async function pruneDelivered(deps: Pick<DeliveryDeps, 'outbox' | 'policy' | 'now'>): Promise<number> {
  const { retentionMs, pruneBatch, pruneBatchesPerSweep } = deps.policy;
  if (retentionMs <= 0) return 0;
  const before = new Date(deps.now().getTime() - retentionMs);
  let total = 0;
  for (let i = 0; i < pruneBatchesPerSweep; i++) {
    const n = await deps.outbox.pruneDelivered(before, pruneBatch);
    total += n;
    if (n < pruneBatch) break;
  }
  return total;
}
