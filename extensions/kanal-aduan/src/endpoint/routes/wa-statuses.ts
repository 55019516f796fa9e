import { randomUUID } from 'node:crypto';
import { foldDeliveryStatuses, replyRowOfCallback, statusesReplacedBy, type FoldedDeliveryStatus, type WaMessageStatus } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { jsonColumn } from '../../intake/pending.ts';
import { responseCachePurger } from '../../shared/cache-purge.ts';
import { KanalInvalidPayloadError } from '../../shared/errors.ts';
import { dbTimestamp } from '../../shared/knex-dialect.ts';
import { lockWaRows, type LockedWaRow } from '../../shared/wa-row-locks.ts';
import { assertServiceOnly, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';

/** The most statuses one call may carry (the trigger sends far fewer; this bounds one transaction). */
export const MAX_STATUSES_PER_BATCH = 1000;

// One entry of Meta's `statuses[]`, as the WhatsApp trigger forwards it:
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components#statuses-object
// Status names are not enumerated: a name Meta adds later is ignored, not a 400
// that would send the whole batch back to the slow path.
const StatusItem = z.looseObject({
  id: z.string().min(1).max(255),
  status: z.string().min(1).max(32),
  recipient_id: z.string().max(64).optional(),
  recipient_user_id: z.string().max(128).optional(),
  errors: z.array(z.unknown()).max(50).optional(),
});
export type StatusItem = z.infer<typeof StatusItem>;

export const WaStatusesBody = z.object({ statuses: z.array(StatusItem).min(1).max(MAX_STATUSES_PER_BATCH) });
export type WaStatusesBody = z.infer<typeof WaStatusesBody>;

/** Parses the body or throws a 400 that says, in Indonesian, what is wrong. */
export function parseWaStatusesBody(body: unknown): WaStatusesBody {
  const parsed = WaStatusesBody.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(isi)'}: ${i.message}`).join('; ');
    throw new KanalInvalidPayloadError({
      reason: `Isi permintaan status pengiriman WhatsApp tidak sah (diharapkan {"statuses": [...]}, 1–${MAX_STATUSES_PER_BATCH} status dari webhook Meta): ${issues}`,
    });
  }
  return parsed.data;
}

/** Only the n8n service account records delivery statuses: admins and officers read them, they never write them. */
export function assertStatusWriter(accountability: DirectusRequest['accountability']): void {
  assertServiceOnly(accountability, 'Hanya akun Layanan n8n yang boleh mencatat status pengiriman WhatsApp.');
}

/** The writes a batch needs, grouped so each group is one set-based statement. */
export type StatusWritePlan = {
  /** Every message of the batch, sorted by wamid (the order rows are locked and inserted in). */
  messages: FoldedDeliveryStatus<StatusItem>[];
  /** Target status -> the wamids that should reach it (each wamid in one group). */
  moves: Array<{ status: WaMessageStatus; replaces: WaMessageStatus[]; wamids: string[] }>;
  /** Meta's errors (as stored JSON) -> the wamids they belong to. */
  errors: Array<{ json: string; wamids: string[] }>;
  ignored: number;
};

/** Pure: the batch folded per message (core's forward-only rule) and grouped into statements. */
export function planStatusWrites(statuses: readonly StatusItem[]): StatusWritePlan {
  const { messages, ignored } = foldDeliveryStatuses(statuses);
  messages.sort((a, b) => (a.wamid < b.wamid ? -1 : a.wamid > b.wamid ? 1 : 0));
  const moves = new Map<WaMessageStatus, string[]>();
  const errors = new Map<string, string[]>();
  for (const m of messages) {
    moves.set(m.status, [...(moves.get(m.status) ?? []), m.wamid]);
    if (m.errors) {
      const json = JSON.stringify(m.errors);
      errors.set(json, [...(errors.get(json) ?? []), m.wamid]);
    }
  }
  return {
    messages,
    moves: [...moves].map(([status, wamids]) => ({ status, replaces: statusesReplacedBy(status), wamids })),
    errors: [...errors].map(([json, wamids]) => ({ json, wamids })),
    ignored,
  };
}

export type StatusWriteResult = {
  /** Statuses in the call. */
  statuses: number;
  /** Statuses wa_messages does not track (deleted, played, names Meta adds later) or for an inbound message. */
  ignored: number;
  /** Rows made for a wamid we never logged (type `status`, as the workflow path keeps them). */
  inserted: number;
  /** Rows whose status moved forward. */
  advanced: number;
  /** Rows whose stored errors changed. */
  errors: number;
  /** Bot replies still waiting for their wamid, found by the status's biz_opaque_callback_data. */
  adopted: number;
};

const TABLE = 'wa_messages';
const RETRYABLE = new Set(['40P01', '40001']); // Postgres deadlock / serialization failure: the whole batch is tried again


/**
 * Records a batch in one transaction with a handful of statements, whatever
 * its size: lock the known rows and the replies the statuses name (Postgres,
 * all at once in id order, as /intake/sent does, so two writers never wait on
 * each other in a cycle: shared/wa-row-locks.ts), insert the unknown wamids as `status`
 * rows, then one conditional UPDATE per target status (`status IN (what it
 * replaces)`: forward only even against a concurrent writer) and one per
 * distinct error list. Running the same batch again changes nothing.
 */
export async function recordStatuses(knex: Knex, statuses: readonly StatusItem[], now: Date): Promise<StatusWriteResult> {
  const plan = planStatusWrites(statuses);
  const result: StatusWriteResult = { statuses: statuses.length, ignored: plan.ignored, inserted: 0, advanced: 0, errors: 0, adopted: 0 };
  if (plan.messages.length === 0) return result;
  const wamids = plan.messages.map((m) => m.wamid);

  // The reply rows the statuses may adopt (named in biz_opaque_callback_data), locked with the known ones.
  const callbackRows = plan.messages.map((m) => replyRowOfCallback(m.first.biz_opaque_callback_data)).filter((id): id is string => id !== null);

  const run = () =>
    knex.transaction(async (trx) => {
      const out = { ...result };
      const locked = await lockWaRows(trx, { ids: callbackRows, wamids });
      const batchWamids = new Set(wamids);
      const existing = locked.filter((r) => batchWamids.has(r.wamid));
      const seen = new Set(existing.map((r) => r.wamid));
      out.ignored += existing.filter((r) => r.direction !== 'out').length;

      const unknown = plan.messages.filter((m) => !seen.has(m.wamid));
      const adopted = await adoptReplies(trx, unknown, new Map(locked.map((r) => [r.id, r])));
      out.adopted = adopted.size;
      const missing = unknown.filter((m) => !adopted.has(m.wamid));
      if (missing.length > 0) {
        await trx(TABLE)
          .insert(
            missing.map((m) => ({
              id: randomUUID(),
              wamid: m.wamid,
              direction: 'out',
              wa_id: m.recipient,
              type: 'status',
              payload: JSON.stringify(m.first),
              status: m.status,
              error: m.errors ? JSON.stringify(m.errors) : null,
              complaint: null,
              date_created: dbTimestamp(knex, now),
            })),
          )
          .onConflict('wamid')
          .ignore();
        out.inserted = missing.length;
      }

      for (const move of plan.moves) {
        out.advanced += Number(
          await trx(TABLE)
            .whereIn('wamid', move.wamids)
            .andWhere('direction', 'out')
            .andWhere((q) => q.whereNull('status').orWhereIn('status', move.replaces))
            .update({ status: move.status }),
        );
      }
      for (const group of plan.errors) {
        out.errors += Number(
          await trx(TABLE)
            .whereIn('wamid', group.wamids)
            .andWhere('direction', 'out')
            .andWhereRaw('(error IS NULL OR CAST(error AS TEXT) <> ?)', [group.json])
            .update({ error: group.json }),
        );
      }
      return out;
    });

  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * A status for a wamid we never logged may belong to a bot reply whose sender
 * died after Meta took it and before it recorded the wamid (/intake/sent):
 * the reply went out with its row in biz_opaque_callback_data, which Meta
 * echoes. That row, still waiting, takes the wamid and the status now, so
 * the redrive pass never sends the reply again.
 */
async function adoptReplies(trx: Knex, unknown: FoldedDeliveryStatus<StatusItem>[], locked: ReadonlyMap<string, LockedWaRow>): Promise<Set<string>> {
  const adopted = new Set<string>();
  for (const m of unknown) {
    const rowId = replyRowOfCallback(m.first.biz_opaque_callback_data);
    const row = rowId ? locked.get(rowId) : undefined;
    if (!row || row.direction !== 'out' || row.status !== null || !row.wamid.startsWith('queued:')) continue;
    const reply = jsonColumn<{ reply?: unknown }>(row.payload)?.reply ?? null;
    await trx(TABLE)
      .where({ id: row.id })
      .update({ wamid: m.wamid, status: m.status, payload: JSON.stringify(reply), error: m.errors ? JSON.stringify(m.errors) : null });
    adopted.add(m.wamid);
  }
  return adopted;
}

/**
 * Directus's response cache (Redis in production) does not see writes made
 * with knex: clear it after the commit, and once more when GETs that read the
 * old rows meanwhile have stored their answers (shared/cache-purge.ts; one
 * purger for the whole endpoint, so many batches cost a few clears).
 */
export async function purgeCacheAfterStatuses(ctx: RouteContext): Promise<void> {
  await responseCachePurger(ctx)?.afterCommit();
}

/**
 * POST /kanal-aduan/wa-statuses  {statuses: [Meta status, ...]} -> {data: StatusWriteResult}
 *
 * The WhatsApp trigger in n8n records delivery statuses (sent, delivered,
 * read, failed) here, many webhooks' worth in one call, instead of starting a
 * workflow run for each. n8n service account only.
 */
export const waStatusRoutes: RouteModule = (router, ctx) => {
  router.post('/wa-statuses', async (req, res, next) => {
    try {
      const request = req as DirectusRequest;
      assertStatusWriter(request.accountability);
      const body = parseWaStatusesBody(req.body);
      const result = await recordStatuses(ctx.database as Knex, body.statuses, new Date());
      if (result.inserted + result.advanced + result.errors + result.adopted > 0) await purgeCacheAfterStatuses(ctx);
      res.json({ data: result });
    } catch (error) {
      next(error);
    }
  });
};
