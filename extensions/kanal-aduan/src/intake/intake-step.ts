import { randomUUID } from 'node:crypto';
import {
  answerInputs,
  answersPendingQuestion,
  appointmentBookedReply,
  appointmentSlotTaken,
  bookingBeingMoved,
  wantsAppointmentContext,
  type NewBooking,
  citizenChanges,
  contactName,
  ConversationState,
  deskForAccount,
  conversationStep,
  editedPayload,
  findTicket,
  INFO_ANSWER_PATCH,
  InboundMessage,
  inboundAccount,
  inboundHandling,
  infoAnswer,
  messageText,
  messageTextOf,
  nextDeliveryStatus,
  parseSatisfaction,
  phoneForWaId,
  pickTemplate,
  planIdentityChange,
  renderTemplate,
  reportReceivedReply,
  complaintRow,
  reviseDescription,
  reviseLines,
  revokedPayload,
  satisfactionOutcome,
  say,
  STORED_ACCOUNT_KEY,
  textMessage,
  type DraftMedia,
  type HandleAnswer,
  type MediaToStore,
  type RedriveAnswer,
  type ReplyToSend,
  type StoreAnswer,
  type InboundHandling,
  type Locale,
  type NewReport,
  replyCallbackData,
  type SendMessage,
  type Status,
  type WaMessageStatus,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';
import type { SchemaLike } from '../shared/directus-store.ts';
import { dbTimestamp, isPostgres } from '../shared/knex-dialect.ts';
import { lockWaRows } from '../shared/wa-row-locks.ts';
import { abandoned, claimable, jsonColumn, overdue, parseQueuedWamid, pendingInOrder, queuedPayload, queuedWamid, released, sentAtMs, type InboundRow, type QueuedPayload } from './pending.ts';
import { LAST_PUBLIC_UPDATE, OWN_REPORT_FIELDS, ownReports, type OwnReportRow } from './own-reports.ts';
import type { ReferenceCache, ReferenceData } from './reference-cache.ts';
import { filingTriage } from './triage.ts';
import { readCitizen, readConversation, writeConversation, type CitizenRow } from './conversation-rows.ts';
import { book, cancelOwn, openDays, ownAppointments, type AppointmentIo } from './appointments.ts';
import { senderOf, type HandleBatchBody, type HandleMessageBody, type RecordSentBody, type RedriveBody, type StoreInboundBody } from './request.ts';

// One inbound WhatsApp message, handled in Directus in one transaction: what
// n8n did before over 15–20 REST calls (log, dedupe, edits/revokes/number
// changes, satisfaction answer, answer to a verifikator's question, the
// conversation step, the new report, the reply log). The decisions are core's
// (inboundHandling, conversationStep, satisfactionOutcome, infoAnswer, …);
// this file reads the rows they need and writes what they say.
//
// Order and exactly-once across n8n workers:
// 1. the message is logged in wa_messages first (own short transaction, once
//    per wamid), so whoever holds the citizen's lock sees it;
// 2. then, under the citizen's lock (Postgres: a transaction-scoped advisory
//    lock; SQLite: one writer), every pending message of the citizen is
//    handled in the order sent, each marked handled with its replies written
//    as waiting rows (pending.ts) in the same transaction;
// 3. the answer hands the replies of every message it handled to its
//    execution, in the order sent, so one citizen's replies go out in order
//    from one sender. A message handled before (a retry, Meta redelivering, or
//    handled by another execution's call) returns its waiting replies that
//    nobody else is sending, never a second answer;
// 4. whatever an execution leaves undone (it died, Graph API failed) is
//    taken over by the redrive pass (redrive below) once STALE_MS or the
//    claim has run out.

type ItemsOptions = { knex: unknown; schema: unknown; accountability?: unknown };
type MutationOptions = { bypassEmitAction?: (event: ActionEvent) => void };
type ItemsService = {
  readByQuery(query: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  readOne(key: string | number, query?: Record<string, unknown>): Promise<Record<string, unknown>>;
  readSingleton(query: Record<string, unknown>): Promise<Record<string, unknown>>;
  createOne(data: Record<string, unknown>, opts?: MutationOptions): Promise<string | number>;
  updateOne(key: string | number, data: Record<string, unknown>, opts?: MutationOptions): Promise<string | number>;
};
export type IntakeServices = { ItemsService: new (collection: string, options: ItemsOptions) => ItemsService };

/** An action event Directus would emit after a save; held until our transaction commits. */
export type ActionEvent = { event: string | string[]; meta: Record<string, unknown>; context: unknown };

export interface IntakeDeps {
  services: IntakeServices;
  /** Directus's root knex. */
  knex: Knex;
  schema: SchemaLike;
  /** The caller's accountability (the n8n service account): complaint writes run as it, so their hooks and permissions apply. */
  accountability: unknown;
  references: ReferenceCache;
  /** Directus's global emitAction, to fire the saves' action hooks after the commit; without it Directus emits them itself. */
  emitAction?: ((event: string | string[], meta: Record<string, unknown>, context: unknown) => void) | null;
  now?: () => Date;
  warn?: (message: string) => void;
  /**
   * Clears Directus's response cache after a step's commit (shared/cache-purge.ts): the step
   * writes its log, conversation and reply rows with knex, which the cache does not see.
   */
  purgeCache?: () => Promise<void>;
}

export type { HandleAnswer, MediaToStore, RedriveAnswer, ReplyToSend, StoreAnswer };

const WA = 'wa_messages';
const DEFAULT_LIMITS = { flood_per_minute: 20, draft_ttl_hours: 24, min_description: 20 };

/** What handling one message produced: the answer's fields, with the replies still to be written down. */
type Outcome = Pick<HandleAnswer, 'media' | 'complaintId' | 'ticket' | 'state' | 'effects' | 'error'> & { replies: SendMessage[] };

const emptyOutcome = (effects: string[] = []): Outcome => ({ replies: [], media: [], complaintId: null, ticket: null, state: null, effects, error: null });

class Step {
  /** Action events of the saves, emitted after the commit. */
  readonly events: ActionEvent[] = [];
  /** The business number the message being handled was written to (its desk; replies go out from it). */
  phoneNumberId: string | null = null;
  constructor(
    readonly deps: IntakeDeps,
    readonly trx: Knex,
    readonly sender: string,
    readonly name: string | null,
    readonly limits: typeof DEFAULT_LIMITS,
    readonly now: Date,
    /** Read before the transaction: on SQLite's one connection a read outside it would wait for it forever. */
    readonly ref: ReferenceData,
  ) {}

  /**
   * Runs `fn` in a savepoint: a failure there rolls back only its writes (and
   * drops their events), the rest of the transaction goes on.
   */
  async savepoint<T>(fn: (inner: Step) => Promise<T>): Promise<T> {
    return this.trx.transaction(async (sp) => {
      const inner = new Step(this.deps, sp, this.sender, this.name, this.limits, this.now, this.ref);
      inner.phoneNumberId = this.phoneNumberId;
      const result = await fn(inner);
      this.events.push(...inner.events);
      return result;
    });
  }

  /** Items of a collection with full rights (rows without hooks: the log, conversations, citizens). */
  items(collection: string, knex: Knex = this.trx): ItemsService {
    return new this.deps.services.ItemsService(collection, { knex, schema: this.deps.schema });
  }

  /** Items as the service account: report writes, so the complaint hooks (ticket, deadlines, history, outbox) and permissions apply. */
  asService(collection: string, knex: Knex = this.trx): ItemsService {
    return new this.deps.services.ItemsService(collection, { knex, schema: this.deps.schema, accountability: this.deps.accountability });
  }

  /** Hold the saves' action events until the commit, when Directus's emitter is at hand. */
  get mutation(): MutationOptions {
    return this.deps.emitAction ? { bypassEmitAction: (e) => this.events.push(e) } : {};
  }

  render(templates: ReferenceData['templates'], key: string, locale: Locale, vars: Record<string, unknown>): string {
    return renderTemplate(pickTemplate(templates, key, locale).body, vars);
  }
}

// ——— the endpoint's two calls ———

export async function handleInbound(body: HandleMessageBody, deps: IntakeDeps): Promise<HandleAnswer> {
  const now = deps.now?.() ?? new Date();
  const message = body.message;
  const sender = senderOf(body);
  const handling = inboundHandling(message, sender);
  const answer: HandleAnswer = {
    wamid: message.id,
    duplicate: false,
    handling: handling.kind,
    converse: handling.kind === 'converse',
    replies: [],
    media: [],
    complaintId: null,
    ticket: null,
    state: null,
    effects: [],
    error: null,
    handled: 0,
  };

  // 1. Log once per wamid, committed before the lock so the holder sees it.
  const logged = await logInbound(deps, message, sender ?? '', handling, null, body.phone_number_id ?? null);
  if (!sender || handling.kind === 'record') {
    answer.duplicate = logged.duplicate;
    return answer;
  }

  // 2. Under the citizen's lock: every pending message in the order sent.
  const limits = limitsOf(body.limits);
  await underLock(deps, sender, contactName((body.contact ?? undefined) as never), limits, now, async (step, trx) => {
    const todo = pendingInOrder(await pendingRows(trx, sender), message.id, now.getTime());
    let mine = false;
    const replies: ReplyToSend[] = [];
    const media: MediaToStore[] = [];
    for (const row of todo) {
      const current = row.wamid === message.id;
      // Another execution's message handled here: this execution sends its replies too, in the
      // order the citizen wrote (its own execution, coming later, finds nothing left to send).
      // On a failure it stays pending (its own execution reports the error).
      const outcome = current ? await handleRow(step, row, body.holder) : await handleOther(step, row, body.holder);
      if (!outcome) continue;
      answer.handled++;
      replies.push(...outcome.sent);
      media.push(...outcome.media);
      if (!current) continue;
      mine = true;
      Object.assign(answer, {
        complaintId: outcome.complaintId,
        ticket: outcome.ticket,
        state: outcome.state,
        effects: outcome.effects,
        error: outcome.error,
      });
    }
    if (!mine) {
      // Handled before: hand over its waiting replies that nobody else is sending.
      answer.duplicate = true;
      replies.push(...(await claimWaiting(trx, sender, message.id, body.holder, now)));
    }
    answer.replies = replies;
    answer.media = media;
  });
  return answer;
}

/**
 * The messages of one n8n execution (a burst of webhooks the trigger started
 * one run for): each as `handleInbound` handles it, the citizens side by side
 * (Postgres; one after another on SQLite's one connection), each citizen's
 * messages in the order given. Answers come back in the order given. A reply
 * is named once, on the first answer that hands it over (asking for a
 * citizen's later message returns the replies the earlier call already
 * handed over). One citizen's failure leaves that citizen's messages stored
 * and pending, for the redrive pass, and does not hold up the others.
 */
export async function handleBatch(body: HandleBatchBody, deps: IntakeDeps): Promise<{ answers: HandleAnswer[] }> {
  const answers: HandleAnswer[] = new Array(body.messages.length);
  const groups = new Map<string, number[]>();
  body.messages.forEach((m, i) => {
    const key = senderOf(m) ?? `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const citizen = async (indexes: number[]) => {
    const handed = new Set<string>();
    for (const i of indexes) {
      const m = body.messages[i]!;
      try {
        const answer = await handleInbound({ ...m, limits: body.limits, holder: body.holder }, deps);
        answer.replies = answer.replies.filter((r) => !handed.has(r.id) && handed.add(r.id));
        answers[i] = answer;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        deps.warn?.(`[kanal-aduan] pesan ${m.message.id} belum dapat diproses (dicoba lagi oleh pesan tertunda): ${reason}`);
        answers[i] = { ...unhandledAnswer(m.message.id), error: reason };
      }
    }
  };
  const queue = [...groups.values()];
  const lanes = isPostgres(deps.knex) ? BATCH_LANES : 1;
  await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await citizen(next);
  }));
  return { answers };
}

/** Citizens handled at once by one batch call: a few of the pool's connections, never all. */
const BATCH_LANES = 4;

const unhandledAnswer = (wamid: string): HandleAnswer => ({
  wamid, duplicate: false, handling: 'converse', converse: false, replies: [], media: [],
  complaintId: null, ticket: null, state: null, effects: [], error: null, handled: 0,
});

const limitsOf = (given: HandleMessageBody['limits']): typeof DEFAULT_LIMITS => ({
  ...DEFAULT_LIMITS,
  ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined && v !== null)),
});

/**
 * Runs `fn` in one transaction holding the citizen's lock (Postgres: a
 * transaction-scoped advisory lock; SQLite has one writer anyway), then emits
 * the saves' action events once it has committed.
 */
async function underLock(
  deps: IntakeDeps,
  sender: string,
  name: string | null,
  limits: typeof DEFAULT_LIMITS,
  now: Date,
  fn: (step: Step, trx: Knex) => Promise<void>,
): Promise<void> {
  let events: ActionEvent[] = [];
  // Read before the transaction: on SQLite's one connection a read outside it would wait for it forever.
  const ref = await deps.references.get();
  await deps.knex.transaction(async (trx) => {
    const step = new Step(deps, trx, sender, name, limits, now, ref);
    if (isPostgres(trx)) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`kanal-aduan:intake:${sender}`]);
    await fn(step, trx);
    events = step.events;
  });
  await deps.purgeCache?.();
  for (const e of events) deps.emitAction?.(e.event, e.meta, e.context);
}

/** Another message of the citizen, in a savepoint: on a failure it stays pending for its own execution (or the redrive) to report. */
function handleOther(step: Step, row: InboundRow, holder: string | null = null): Promise<(Outcome & { sent: ReplyToSend[] }) | null> {
  return step.savepoint((inner) => handleRow(inner, row, holder)).catch((error: unknown) => {
    step.deps.warn?.(`[kanal-aduan] pesan ${row.wamid} belum dapat diproses bersama pesan lain: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
}

// ——— stored at the webhook, and taken over when their execution is lost ———

/**
 * Logs the messages of a webhook once per wamid, before n8n answers Meta: from
 * then on a message is in the database even if the execution that should
 * handle it is lost (the redrive pass finds it). Handling is left to the
 * execution, which finds the row already logged.
 */
export async function storeInbound(body: StoreInboundBody, deps: IntakeDeps): Promise<StoreAnswer> {
  // The whole call is one INSERT … ON CONFLICT (wamid) DO NOTHING with knex, not a createOne per
  // message: the trigger acks Meta only once this returns, and each createOne cost Directus's
  // item pipeline and a purge of its whole response cache. The worker's step that follows
  // clears the cache after its commit (IntakeDeps.purgeCache), once these rows matter to a reader.
  const rows = new Map<string, Record<string, unknown>>();
  for (const m of body.messages) {
    if (rows.has(m.message.id)) continue;
    const sender = senderOf(m);
    const row = inboundRow(m.message, sender ?? '', inboundHandling(m.message, sender), contactName((m.contact ?? undefined) as never), m.phone_number_id ?? null);
    rows.set(m.message.id, storedInboundRow(deps.knex, row, deps.now?.() ?? new Date()));
  }
  const stored = await deps.knex.transaction(async (trx) => {
    const known = new Set(((await trx(WA).whereIn('wamid', [...rows.keys()]).select('wamid')) as Array<{ wamid: string }>).map((r) => r.wamid));
    const fresh = [...rows.values()].filter((r) => !known.has(r['wamid'] as string));
    // A wamid another call stores at the same moment (Meta redelivering) is skipped by the constraint.
    if (fresh.length > 0) await trx(WA).insert(fresh).onConflict('wamid').ignore();
    return fresh.length;
  });
  return { stored, duplicates: body.messages.length - stored };
}

/**
 * date_created of a stored message: the arrival order breaks ties between a
 * citizen's messages sent within one second (pendingInOrder), so the rows of
 * one call, and of calls after it, get stamps at least 1 ms apart.
 */
let lastArrival = 0;
const arrivalStamp = (now: number): number => (lastArrival = Math.max(now, lastArrival + 1));

/**
 * The redrive pass (n8n runs it on a schedule): finishes what executions
 * left undone. Messages stored at the webhook and still unhandled STALE_MS
 * after they were sent are handled now, in order, under the citizen's lock;
 * replies whose holder's claim ran out, or that nobody came for, are claimed
 * for `holder` and returned to be sent. Nothing is answered twice: a message
 * handled meanwhile is no longer pending, and a reply is handed to one holder
 * at a time.
 */
export async function redrive(body: RedriveBody, deps: IntakeDeps): Promise<RedriveAnswer> {
  const now = deps.now?.() ?? new Date();
  const answer: RedriveAnswer = { citizens: 0, handled: 0, replies: [], media: [] };
  const senders = await overdueSenders(deps.knex, now.getTime(), body.maxCitizens);
  answer.citizens = senders.length;
  const limits = limitsOf(body.limits);
  for (const sender of senders) {
    try {
      // Merged into the answer only once the citizen's transaction has committed.
      const mine: RedriveAnswer = { citizens: 0, handled: 0, replies: [], media: [] };
      await underLock(deps, sender, await storedName(deps.knex, sender), limits, now, async (step, trx) => {
        const fresh: ReplyToSend[] = [];
        for (const row of pendingInOrder(await pendingRows(trx, sender), '', now.getTime()).filter((r) => overdue(r.payload, now.getTime()))) {
          // Its execution is presumed lost: this pass holds the replies (a late execution gets none).
          const outcome = await handleOther(step, row, body.holder);
          if (!outcome) continue;
          mine.handled++;
          fresh.push(...outcome.sent);
          mine.media.push(...outcome.media);
        }
        // Replies left by earlier work answer messages sent before these: they go first.
        mine.replies.push(...(await claimAbandoned(trx, sender, body.holder, now)), ...fresh);
      });
      answer.handled += mine.handled;
      answer.replies.push(...mine.replies);
      answer.media.push(...mine.media);
    } catch (error) {
      // One citizen's failure (e.g. a lock timeout) must not hold up the others; the next pass tries again.
      deps.warn?.(`[kanal-aduan] pesan tertunda warga ${sender} belum dapat diproses: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return answer;
}

/** The profile name stored with the citizen's latest message at the webhook, if any. */
async function storedName(knex: Knex, sender: string): Promise<string | null> {
  const rows = (await knex(WA).where({ wa_id: sender, direction: 'in' }).orderBy('date_created', 'desc').limit(5).select('payload')) as Array<{ payload: unknown }>;
  for (const r of rows) {
    const name = jsonColumn<Record<string, unknown>>(r.payload)?.[STORED_NAME];
    if (typeof name === 'string' && name) return name;
  }
  return null;
}

/** Rows of each kind a redrive pass looks at (far more than a pass can handle). */
const SCAN_LIMIT = 1_000;

/** Citizens with a stored message overdue for handling or a reply overdue for sending (oldest first). */
async function overdueSenders(knex: Knex, now: number, max: number): Promise<string[]> {
  // The newest rows only: unhandled rows older than the pending window (logged before the
  // webhook stored messages) stay `received` for good and must not make every pass slower.
  const inbound = (await knex(WA)
    .where({ direction: 'in', status: 'received' })
    .orderBy('date_created', 'desc')
    .limit(SCAN_LIMIT)
    .select('wa_id', 'payload')) as Array<{ wa_id: string; payload: unknown }>;
  const queued = (await waitingRows(knex)
    .orderBy('date_created', 'desc')
    .limit(SCAN_LIMIT)
    .select('wa_id', 'payload')) as Array<{ wa_id: string; payload: unknown }>;
  const since = new Map<string, number>();
  const note = (waId: string, at: number) => {
    if (waId && at < (since.get(waId) ?? Number.POSITIVE_INFINITY)) since.set(waId, at);
  };
  for (const r of inbound) {
    const p = jsonColumn<Record<string, unknown>>(r.payload) ?? {};
    if (overdue(p, now)) note(r.wa_id, sentAtMs(p));
  }
  for (const r of queued) {
    const p = jsonColumn<QueuedPayload>(r.payload);
    if (p?.reply && abandoned(p, now)) note(r.wa_id, p.queued_at ? Date.parse(p.queued_at) : now);
  }
  return [...since].sort((a, b) => a[1] - b[1]).slice(0, max).map(([waId]) => waId);
}

/** Every abandoned reply of the citizen, claimed for `holder`, in the order their messages were sent. */
async function claimAbandoned(trx: Knex, sender: string, holder: string, now: Date): Promise<ReplyToSend[]> {
  const rows = await waitingReplies(trx, sender);
  const taken = rows.filter((r) => abandoned(r.p, now.getTime()));
  if (taken.length === 0) return [];
  const inbound = (await trx(WA)
    .whereIn('wamid', [...new Set(taken.map((r) => r.q.inbound))])
    .select('wamid', 'payload')) as Array<{ wamid: string; payload: unknown }>;
  const sentAt = new Map(inbound.map((r) => [r.wamid, sentAtMs(jsonColumn<Record<string, unknown>>(r.payload) ?? {})]));
  const at = (r: (typeof taken)[number]) => sentAt.get(r.q.inbound) ?? Date.parse(r.p.queued_at ?? '');
  taken.sort((a, b) => (at(a) || 0) - (at(b) || 0) || (a.q.inbound < b.q.inbound ? -1 : a.q.inbound > b.q.inbound ? 1 : 0) || a.q.n - b.q.n);
  return claim(trx, sender, taken, holder, now);
}

/** Replies written down and not yet sent: outbound rows with no status and a provisional wamid. */
const waitingRows = (knex: Knex) => knex(WA).where({ direction: 'out' }).whereNull('status').where('wamid', 'like', 'queued:%');

type WaitingReply = { id: string; wamid: string; type: string; q: { inbound: string; n: number }; p: QueuedPayload };

async function waitingReplies(trx: Knex, sender: string): Promise<WaitingReply[]> {
  const rows = (await waitingRows(trx).where({ wa_id: sender }).select('id', 'wamid', 'type', 'payload')) as Array<{ id: string; wamid: string; type: string; payload: unknown }>;
  return rows.flatMap((r) => {
    const q = parseQueuedWamid(r.wamid);
    const p = jsonColumn<QueuedPayload>(r.payload);
    return q && p?.reply ? [{ id: r.id, wamid: r.wamid, type: r.type, q, p }] : [];
  });
}

async function claim(trx: Knex, sender: string, rows: WaitingReply[], holder: string, now: Date): Promise<ReplyToSend[]> {
  const out: ReplyToSend[] = [];
  for (const r of rows) {
    const queuedAt = r.p.queued_at ? Date.parse(r.p.queued_at) : now.getTime();
    await trx(WA).where({ id: r.id }).update({ payload: JSON.stringify(queuedPayload(r.p.reply, holder, now.getTime(), queuedAt, r.p.from ?? null)) });
    out.push({ id: r.id, to: sender, type: r.type, message: withReplyCallback(r.p.reply, r.id), ...(r.p.from ? { from: r.p.from } : {}) });
  }
  return out;
}

/** The reply as it goes out: its row named for Meta to echo in the message's statuses (see recordStatuses). */
const withReplyCallback = (reply: SendMessage, rowId: string): SendMessage => ({ ...reply, biz_opaque_callback_data: replyCallbackData(rowId) }) as SendMessage;

/** Records what n8n sent (the real wamids) and the attachments it copied; running it again changes nothing. */
export async function recordSent(body: RecordSentBody, deps: IntakeDeps): Promise<{ replies: number; media: number; failed: number; released: number }> {
  const out = { replies: 0, media: 0, failed: 0, released: 0 };
  const events: ActionEvent[] = [];
  await deps.knex.transaction(async (trx) => {
    // Every row this call changes, locked first in the order the statuses' writer uses too (no deadlock cycle).
    await lockWaRows(trx, { ids: [...body.replies, ...body.failed, ...body.retry].map((r) => r.id), wamids: body.replies.map((r) => r.wamid) });
    for (const r of body.replies) {
      const row = (await trx(WA).where({ id: r.id }).first('id', 'wamid', 'direction', 'payload')) as { id: string; wamid: string; direction: string; payload: unknown } | undefined;
      if (!row || row.direction !== 'out' || row.wamid === r.wamid || !parseQueuedWamid(row.wamid)) continue;
      // A status webhook may have come before this call and logged a status-only row for the wamid.
      const early = (await trx(WA).where({ wamid: r.wamid }).first('id', 'status', 'error')) as { id: string; status: WaMessageStatus | null; error: unknown } | undefined;
      let status: WaMessageStatus = 'sent';
      if (early) {
        status = nextDeliveryStatus('sent', early.status ?? 'sent');
        await trx(WA).where({ id: early.id }).delete();
      }
      const queued = jsonColumn<QueuedPayload>(row.payload);
      const sent = r.message ?? queued?.reply ?? null;
      await trx(WA)
        .where({ id: row.id })
        .update({ wamid: r.wamid, status, payload: JSON.stringify(sent), ...(early?.error ? { error: typeof early.error === 'string' ? early.error : JSON.stringify(early.error) } : {}) });
      out.replies++;
    }
    // Refused for good: no longer waiting (the redrive leaves it), and the message log says why.
    for (const f of body.failed) {
      const error = JSON.stringify({ message: f.error, code: f.code ?? null, http_status: f.httpStatus ?? null, at: new Date().toISOString() });
      out.failed += await waitingRows(trx).where({ id: f.id }).update({ status: 'failed', error });
    }
    // Failed for now: let go, so the redrive pass sends it on its next round rather than after the claim runs out.
    for (const r of body.retry) {
      const row = (await waitingRows(trx).where({ id: r.id }).first('id', 'payload')) as { id: string; payload: unknown } | undefined;
      const queued = jsonColumn<QueuedPayload>(row?.payload);
      if (!row || !queued) continue;
      out.released += await waitingRows(trx).where({ id: row.id }).update({ payload: JSON.stringify(released(queued)) });
    }
    for (const m of body.media) {
      const media = new deps.services.ItemsService('complaint_media', { knex: trx, schema: deps.schema, accountability: deps.accountability });
      await media.updateOne(m.id, { file: m.file }, deps.emitAction ? { bypassEmitAction: (e) => events.push(e) } : {});
      out.media++;
    }
  });
  for (const e of events) deps.emitAction?.(e.event, e.meta, e.context);
  return out;
}

// ——— the log ———

/**
 * Key of the sender's WhatsApp profile name in a message stored at the
 * webhook: Meta sends it beside the message (contacts[]), and the redrive pass,
 * which has only the stored row, greets and files the citizen by it too.
 */
const STORED_NAME = 'kanal_contact_name';
/** Key of the account (Meta's phone_number_id, or tg:/fb:/ig: + id) the message was written to, stored with it for the same reason. */
const STORED_NUMBER = STORED_ACCOUNT_KEY;

/** An inbound message as its wa_messages row (payload as an object). */
function inboundRow(message: InboundMessage, sender: string, handling: InboundHandling, name: string | null, phoneNumberId: string | null) {
  return {
    wamid: message.id,
    direction: 'in',
    wa_id: sender,
    type: message.type,
    payload: { ...message, ...(name ? { [STORED_NAME]: name } : {}), ...(phoneNumberId ? { [STORED_NUMBER]: phoneNumberId } : {}) },
    // Reactions, group posts and unknown system notices are only recorded: handled as they are logged.
    status: handling.kind === 'record' ? 'read' : 'received',
  };
}

async function logInbound(
  deps: IntakeDeps,
  message: InboundMessage,
  sender: string,
  handling: InboundHandling,
  name: string | null = null,
  phoneNumberId: string | null = null,
): Promise<{ id: string | null; duplicate: boolean }> {
  const existing = (await deps.knex(WA).where({ wamid: message.id }).first('id')) as { id: string } | undefined;
  if (existing) return { id: existing.id, duplicate: true };
  // Usually stored at the webhook already (storeInbound); written the same way when it was not.
  const row = storedInboundRow(deps.knex, inboundRow(message, sender, handling, name, phoneNumberId), deps.now?.() ?? new Date());
  // The same wamid logged at the same moment by another execution (Meta redelivering) is skipped by the constraint.
  await deps.knex(WA).insert(row).onConflict('wamid').ignore();
  const stored = (await deps.knex(WA).where({ wamid: message.id }).first('id')) as { id: string } | undefined;
  return { id: stored?.id ?? null, duplicate: stored?.id !== row['id'] };
}

/** An inbound row as written with knex: its own id, the payload as JSON, stamped in arrival order. */
function storedInboundRow(knex: Knex, row: ReturnType<typeof inboundRow>, now: Date): Record<string, unknown> {
  return { ...row, id: randomUUID(), payload: JSON.stringify(row.payload), date_created: dbTimestamp(knex, new Date(arrivalStamp(now.getTime()))) };
}

async function pendingRows(trx: Knex, sender: string): Promise<InboundRow[]> {
  const rows = (await trx(WA)
    .where({ wa_id: sender, direction: 'in', status: 'received' })
    .orderBy('date_created', 'desc')
    .limit(50)
    .select('id', 'wamid', 'payload')) as Array<{ id: string; wamid: string; payload: unknown }>;
  return rows.reverse().map((r, arrival) => ({ id: r.id, wamid: r.wamid, payload: jsonColumn<Record<string, unknown>>(r.payload) ?? {}, arrival }));
}

async function claimWaiting(trx: Knex, sender: string, inbound: string, holder: string, now: Date): Promise<ReplyToSend[]> {
  const mine = (await waitingReplies(trx, sender)).filter((r) => r.q.inbound === inbound && claimable(r.p, holder, now.getTime())).sort((a, b) => a.q.n - b.q.n);
  return claim(trx, sender, mine, holder, now);
}

// ——— one message ———

async function handleRow(step: Step, row: InboundRow, holder: string | null): Promise<(Outcome & { sent: ReplyToSend[] }) | null> {
  const parsed = InboundMessage.safeParse(row.payload);
  const from = inboundAccount(row.payload) || null;
  step.phoneNumberId = from;
  let outcome = emptyOutcome(['unreadable']);
  if (parsed.success) {
    const m = parsed.data;
    const h = inboundHandling(m, step.sender);
    const at = new Date(Number(m.timestamp) * 1000 || step.now.getTime()).toISOString();
    if (h.kind === 'edit') outcome = emptyOutcome([`edit:${(await applyEdit(step, h, { wamid: m.id, at })).applied ? 'applied' : 'unknown'}`]);
    else if (h.kind === 'revoke') outcome = emptyOutcome([`revoke:${(await applyRevoke(step, h, { wamid: m.id, at })).applied ? 'applied' : 'unknown'}`]);
    else if (h.kind === 'identity_change') outcome = emptyOutcome((await applyIdentityChange(step, h)).map((op) => `identity:${op}`));
    else if (h.kind === 'converse') outcome = await converse(step, m);
    else outcome = emptyOutcome([`record:${h.reason}`]);
  }
  await step.trx(WA).where({ id: row.id }).update({ status: 'read', ...(outcome.complaintId ? { complaint: outcome.complaintId } : {}) });
  // The replies, written down as waiting in one statement (the log's own rows: no hook, no item pipeline).
  const waiting = outcome.replies.map((reply, n) => ({
    id: randomUUID(),
    wamid: queuedWamid(row.wamid, n),
    direction: 'out',
    wa_id: step.sender,
    type: reply.type,
    payload: JSON.stringify(queuedPayload(reply, holder, step.now.getTime(), step.now.getTime(), from)),
    status: null,
    complaint: outcome.complaintId,
    date_created: dbTimestamp(step.trx, new Date(arrivalStamp(Date.now()))),
  }));
  if (waiting.length > 0) await step.trx(WA).insert(waiting);
  const sent = waiting.map((w, n): ReplyToSend => {
    const reply = outcome.replies[n]!;
    return { id: w.id, to: step.sender, type: reply.type, message: withReplyCallback(reply, w.id), ...(from ? { from } : {}) };
  });
  return { ...outcome, sent };
}

async function converse(step: Step, m: InboundMessage): Promise<Outcome> {
  const inputs = answerInputs(m);
  // A report's reporter is a citizens row: a sender without one has no report to rate, answer or list.
  const citizen = await readCitizen(step.trx, step.sender);
  if (!citizen) return conversationTurn(step, m, null);
  return (await satisfactionAnswer(step, inputs)) ?? (await infoAnswerFor(step, m, inputs)) ?? (await conversationTurn(step, m, citizen));
}

/** The citizen rates (or reopens) their most recently resolved report. */
async function satisfactionAnswer(step: Step, inputs: ReturnType<typeof answerInputs>): Promise<Outcome | null> {
  const answer = parseSatisfaction({ replyId: inputs.replyId, text: inputs.satisfactionText });
  if (!answer) return null;
  // The question went out when the report was resolved: a citizen with several resolved
  // reports answers about the newest one (id breaks a tie in the same instant).
  const [complaint] = (await step.items('complaints').readByQuery({
    filter: { reporter: { wa_id: { _eq: step.sender } }, status: { _eq: 'resolved' } },
    fields: ['id', 'ticket', 'status', 'reporter.locale'],
    sort: ['-resolved_at', '-id'],
    limit: 1,
  })) as Array<{ id: number; ticket: string; status: Status; reporter: { locale: string | null } | null }>;
  const outcome = complaint ? satisfactionOutcome(answer, complaint.status) : null;
  if (!complaint || !outcome) return null;
  await step.asService('complaints').updateOne(complaint.id, outcome.patch, step.mutation);
  const ref = step.ref;
  const locale: Locale = complaint.reporter?.locale === 'en' ? 'en' : 'id';
  const replies = outcome.reply
    ? [textMessage(step.sender, step.render(ref.templates, outcome.reply, locale, { ticket: complaint.ticket, rating: answer.kind === 'rating' ? answer.rating : '' }))]
    : [];
  return { ...emptyOutcome(['satisfaction']), replies, ticket: complaint.ticket };
}

/**
 * The answer to a verifikator's question (needs_info) goes onto the report
 * most recently asked about, as a citizen_message (with the attachment), and
 * the report returns to received; not when the citizen is writing a new
 * report begun after the question.
 */
async function infoAnswerFor(step: Step, m: InboundMessage, inputs: ReturnType<typeof answerInputs>): Promise<Outcome | null> {
  const text = infoAnswer({ text: inputs.infoText, replyId: inputs.replyId });
  if (!text && (!inputs.attachment || inputs.replyId)) return null;
  const waiting = (await step.items('complaints').readByQuery({
    filter: { reporter: { wa_id: { _eq: step.sender } }, status: { _eq: 'needs_info' } },
    fields: ['id', 'ticket', 'date_updated', 'reporter.locale'],
    sort: ['-date_updated', '-id'],
    limit: 10,
  })) as Array<{ id: number; ticket: string; date_updated: string | null; reporter: { locale: string | null } | null }>;
  const complaint = waiting[0];
  if (!complaint) return null;
  const conversation = (await readConversation(step.trx, step.sender)) as { state: string | null; last_inbound_at: string | null } | null;
  if (!answersPendingQuestion(conversation, complaint.date_updated)) return null;

  const body = text ?? 'Pelapor mengirim lampiran tanpa keterangan.';
  const update = await step.asService('complaint_updates').createOne({ complaint: complaint.id, kind: 'citizen_message', body, public: false }, step.mutation);
  const media: MediaToStore[] = [];
  if (inputs.attachment) media.push(await addMedia(step, { id: complaint.id, ticket: complaint.ticket }, 0, inputs.attachment, update));
  await step.asService('complaints').updateOne(complaint.id, { ...INFO_ANSWER_PATCH }, step.mutation);
  const ref = step.ref;
  const others = waiting.slice(1).map((c) => c.ticket);
  const locale: Locale = complaint.reporter?.locale === 'en' ? 'en' : 'id';
  const reply = textMessage(step.sender, step.render(ref.templates, 'notify.info_received', locale, { ticket: complaint.ticket, others: others.join(', ') }), m.id);
  return { ...emptyOutcome(['info_answer']), replies: [reply], media, complaintId: complaint.id, ticket: complaint.ticket };
}

/** A complaint_media row without its file yet: n8n copies the file from WhatsApp after replying. */
async function addMedia(step: Step, complaint: { id: number; ticket: string | null }, index: number, m: DraftMedia, update?: string | number): Promise<MediaToStore> {
  const id = await step.asService('complaint_media').createOne(
    { complaint: complaint.id, ...(update !== undefined ? { update } : {}), file: null, kind: m.kind, wa_media_id: m.wa_media_id, mime_type: m.mime_type, caption: m.caption },
    step.mutation,
  );
  // The account the citizen wrote to: a Telegram file id is only valid for the bot that received it.
  return { id, wa_media_id: m.wa_media_id, complaint: complaint.id, ticket: complaint.ticket, index, mime_type: m.mime_type, ...(step.phoneNumberId ? { from: step.phoneNumberId } : {}) };
}

interface ConversationRow extends ConversationState {
  id: string;
}

/** core's conversationStep with what it needs, then the new report (if any) and the saved state. */
async function conversationTurn(step: Step, m: InboundMessage, citizen: CitizenRow | null): Promise<Outcome> {
  const ref = step.ref;
  const convRow = await readConversation(step.trx, step.sender);
  const conversation: ConversationRow | null = convRow
    ? { id: String(convRow['id']), ...ConversationState.parse({ state: 'idle', draft: null, locale: null, last_inbound_at: null, flood: null, ...convRow }) }
    : null;
  const reportsLocale: Locale = conversation?.locale ?? citizen?.locale ?? 'id';
  const reports = citizen ? await loadOwnReports(step, m, ref.ticket_prefix, reportsLocale) : ownReports([], reportsLocale);
  // Temu Bupati's days and the sender's bookings, only when this message may need them.
  const io = appointmentIo(step, ref.timezone);
  const meeting = wantsAppointmentContext(conversation, m);
  const appointments = meeting ? await ownAppointments(io) : [];
  // A move's days leave out the booking being moved: the place it holds is free to it.
  const appointmentDays = meeting ? await openDays(io, { except: bookingBeingMoved(conversation, m, appointments, ref.ticket_prefix) }) : [];

  const stepContext = {
    now: step.now,
    instance_name: ref.instance_name,
    timezone: ref.timezone,
    ticket_prefix: ref.ticket_prefix,
    categories: ref.categories,
    regions: ref.regions,
    templates: ref.templates,
    reports,
    blocked: citizen?.blocked === true,
    citizen_locale: citizen?.locale ?? null,
    limits: step.limits,
    category_reader: ref.category_reader ?? null,
    appointment_days: appointmentDays,
    appointments,
  };
  const result = conversationStep(conversation, { wa_id: step.sender, name: step.name, message: m }, stepContext);
  let nextState = result.state;

  const out: Outcome = { ...emptyOutcome(result.effects.map((e) => (e.kind === 'ignore' ? `ignore:${e.reason}` : e.kind))), replies: [...result.replies] };
  const locale: Locale = result.state.locale ?? 'id';
  for (const effect of result.effects) {
    if (effect.kind === 'book_appointment') {
      try {
        const after = await step.savepoint((inner) => bookAppointment(inner, effect.booking, nextState, stepContext));
        out.replies.push(...after.replies);
        nextState = after.state;
        out.effects.push(after.booked ? 'appointment:booked' : 'appointment:full');
      } catch (error) {
        out.error = error instanceof Error ? error.message : String(error);
        out.replies.push(systemError(ref.templates, step.sender, locale));
        step.deps.warn?.(`[kanal-aduan] Temu Bupati belum tersimpan: ${out.error}`);
      }
      continue;
    }
    if (effect.kind === 'cancel_appointment') {
      // core answered already (the booking is the sender's own, still on); this writes it.
      if (!(await cancelOwn(io, effect.code))) out.effects.push('appointment:cancel_missed');
      continue;
    }
    if (effect.kind !== 'create_report') continue;
    try {
      // A savepoint: a refused report leaves the rest of the step intact.
      const stored = await step.savepoint((inner) => storeReport(inner, effect.report));
      out.complaintId = stored.id;
      out.ticket = stored.ticket;
      out.media.push(...stored.media);
      out.replies.push(
        reportReceivedReply(step.sender, stored.ticket, {
          templates: ref.templates,
          instance_name: ref.instance_name,
          locale: effect.report.locale,
          name: effect.report.reporter_name || citizen?.display_name || null,
          tracking_code: stored.trackingCode,
        }),
      );
    } catch (error) {
      // The draft stays as it was (the state is not saved), so pressing "Kirim" again retries.
      out.error = error instanceof Error ? error.message : String(error);
      out.replies.push(systemError(ref.templates, step.sender, locale));
      step.deps.warn?.(`[kanal-aduan] laporan dari percakapan belum tersimpan: ${out.error}`);
    }
  }
  if (!out.error) await saveConversation(step, conversation, nextState);
  out.state = out.error ? (conversation?.state ?? 'idle') : nextState.state;
  return out;
}

/** The apology when the report could not be stored: the admins' text, else core's default (say falls back to it). */
function systemError(templates: ReferenceData['templates'], to: string, locale: Locale): SendMessage {
  return textMessage(to, say(templates, 'system.error', locale));
}

/**
 * The sender's own reports, newest first, plus the one a "cek ADU-…" names if
 * it is older. Every query is filtered by the reporter's wa_id, so another
 * citizen's ticket can never be loaded here, let alone answered.
 */
async function loadOwnReports(step: Step, m: InboundMessage, ticketPrefix: string, locale: Locale): Promise<ReturnType<typeof ownReports>> {
  const mine = { reporter: { wa_id: { _eq: step.sender } } };
  const complaints = step.items('complaints');
  const rows = (await complaints.readByQuery({ filter: mine, fields: OWN_REPORT_FIELDS, deep: LAST_PUBLIC_UPDATE, sort: ['-id'], limit: 20 })) as unknown as OwnReportRow[];
  let named: string | null = null;
  try {
    named = findTicket(messageText(m) ?? '', ticketPrefix);
  } catch {
    named = null;
  }
  if (named && !rows.some((r) => r.ticket === named)) {
    rows.push(...((await complaints.readByQuery({ filter: { _and: [mine, { ticket: { _eq: named } }] }, fields: OWN_REPORT_FIELDS, deep: LAST_PUBLIC_UPDATE, limit: 1 })) as unknown as OwnReportRow[]));
  }
  if (named && !rows.some((r) => r.ticket === named)) {
    // A report the sender's own was joined into ("Gabungkan"): the notice told them to follow it with "cek".
    // Found from the sender's own joined report (never by filtering the original through its o2m list).
    const [link] = (await complaints.readByQuery({
      filter: { _and: [mine, { status: { _eq: 'rejected' } }, { status_reason: { _eq: 'duplicate' } }, { duplicate_of: { ticket: { _eq: named } } }] },
      fields: ['duplicate_of.id'], limit: 1,
    })) as unknown as Array<{ duplicate_of: { id: number } | null }>;
    const found = link?.duplicate_of
      ? ((await complaints.readByQuery({
          filter: { id: { _eq: link.duplicate_of.id } }, fields: [...OWN_REPORT_FIELDS, 'confidential'], deep: LAST_PUBLIC_UPDATE, limit: 1,
        })) as unknown as Array<OwnReportRow & { confidential?: boolean | null }>)
      : [];
    // Of a confidential original, a follower learns the status and the office, not the officers' words.
    rows.push(...found.map((r) => (r.confidential ? { ...r, updates: [] } : r)));
  }
  return ownReports(rows, locale);
}

async function saveConversation(step: Step, existing: ConversationRow | null, state: ConversationState): Promise<void> {
  const data = { state: state.state, draft: state.draft, appointment: state.appointment ?? null, locale: state.locale, last_inbound_at: state.last_inbound_at, flood: state.flood };
  await writeConversation(step.trx, existing?.id ?? null, step.sender, data, new Date());
}

// ——— Temu Bupati ———

function appointmentIo(step: Step, timezone: string): AppointmentIo {
  return { trx: step.trx, items: (c) => step.items(c), sender: step.sender, now: step.now, timezone };
}

/**
 * The booking core asked for, under the slot's lock: the code on success; when the last place
 * went to someone else a moment before, the conversation goes back to the days still open.
 */
async function bookAppointment(
  step: Step,
  booking: NewBooking,
  state: ConversationState,
  context: Parameters<typeof conversationStep>[2],
): Promise<{ booked: boolean; state: ConversationState; replies: SendMessage[] }> {
  const citizen = await upsertCitizen(step, booking.reporter_wa_id, booking.reporter_name ?? '');
  const io = appointmentIo(step, step.ref.timezone);
  const outcome = await book(io, booking, citizen.id);
  if (outcome.kind === 'booked') {
    const reply = appointmentBookedReply(step.sender, outcome, { templates: step.ref.templates, instance_name: step.ref.instance_name, locale: booking.locale, name: booking.reporter_name });
    return { booked: true, state, replies: [reply] };
  }
  const after = appointmentSlotTaken(state, booking, { ...context, appointment_days: await openDays(io, { except: booking.move }) });
  return { booked: false, ...after };
}

// ——— the new report ———

async function upsertCitizen(step: Step, waId: string, displayName: string): Promise<{ id: string }> {
  const phone = phoneForWaId(waId);
  const citizens = step.items('citizens');
  const [existing] = (await citizens.readByQuery({ filter: { wa_id: { _eq: waId } }, fields: ['id', 'phone', 'display_name'], limit: 1 })) as Array<{
    id: string;
    phone: string | null;
    display_name: string | null;
  }>;
  if (existing) {
    const changes = citizenChanges(existing, displayName, phone);
    if (Object.keys(changes).length > 0) await citizens.updateOne(existing.id, changes);
    return { id: existing.id };
  }
  // The citizen's lock is held, so no other step creates this wa_id meanwhile.
  return { id: String(await citizens.createOne({ wa_id: waId, phone, display_name: displayName || null, locale: 'id', blocked: false })) };
}

/**
 * The intake desk of the account the citizen wrote to (core deskForAccount): a WhatsApp number,
 * a Telegram bot, a Facebook Page or an Instagram account; none named when the account is unknown,
 * so the complaint hook files the report at the default desk.
 */
async function deskOf(step: Step): Promise<{ desk?: string }> {
  if (!step.phoneNumberId || !('desks' in step.deps.schema.collections)) return {};
  const desks = (await step.trx('desks').select('code', 'wa_phone_number_id', 'telegram_bot_id', 'facebook_page_id', 'instagram_account_id', 'active', 'is_default')) as Array<
    { code: string; wa_phone_number_id: string | null; telegram_bot_id: string | null; facebook_page_id: string | null; instagram_account_id: string | null; active: unknown; is_default: unknown }
  >;
  // SQLite returns booleans as 0/1.
  const desk = deskForAccount(desks.map((d) => ({ ...d, active: Boolean(d.active), is_default: Boolean(d.is_default) })), step.phoneNumberId);
  return desk ? { desk: desk.code } : {};
}

async function storeReport(step: Step, report: NewReport): Promise<{ id: number; ticket: string; trackingCode: string | null; media: MediaToStore[] }> {
  const citizen = await upsertCitizen(step, report.reporter_wa_id, report.reporter_name ?? '');
  // Spam score with its reasons ("Mungkin spam" instead of "Perlu verifikasi") and a possible duplicate.
  const triage = await filingTriage({ items: (c) => step.items(c), now: step.now, sender: step.sender, spamText: step.ref.spam_text ?? null }, report, citizen.id);
  const id = Number(
    await step.asService('complaints').createOne(
      { ...complaintRow(report, citizen.id), ...triage, ...(await deskOf(step)) },
      step.mutation,
    ),
  );
  const row = await step.items('complaints').readOne(id, { fields: ['id', 'ticket', 'tracking_code'] });
  const ticket = (row['ticket'] as string | null) ?? null;
  if (!ticket) throw new Error(`Laporan #${id} tersimpan tanpa nomor tiket — pastikan ekstensi Directus "kanal-aduan" terpasang dan aktif.`);
  const media: MediaToStore[] = [];
  for (const [index, m] of report.media.entries()) media.push(await addMedia(step, { id, ticket }, index, m));
  return { id, ticket, trackingCode: (row['tracking_code'] as string | null) ?? null, media };
}

// ——— edits, revokes, number changes (core decides; these are the writes) ———

type Stored = { id: string; wa_id: string | null; payload: unknown };

/** The sender's own stored message (a user can only edit or delete what they sent). */
async function ownMessage(step: Step, wamid: string): Promise<(Stored & { payload: Record<string, unknown> }) | null> {
  const row = (await step.trx(WA).where({ wamid, direction: 'in' }).first('id', 'wa_id', 'payload')) as Stored | undefined;
  const payload = jsonColumn<Record<string, unknown>>(row?.payload);
  return row && row.wa_id === step.sender && payload ? { ...row, payload } : null;
}

async function reviseDraft(step: Step, before: string | null, next: string | null): Promise<void> {
  const [conv] = (await step.items('conversations').readByQuery({ filter: { wa_id: { _eq: step.sender } }, fields: ['id', 'draft'], limit: 1 })) as Array<{
    id: string;
    draft: { description?: unknown } | null;
  }>;
  const lines = conv?.draft?.description;
  if (!conv || !Array.isArray(lines)) return;
  const revised = reviseLines(lines as string[], before, next);
  if (revised) await step.items('conversations').updateOne(conv.id, { draft: { ...conv.draft, description: revised } });
}

/**
 * Reports of this sender whose description holds the text word for word.
 * An edit reaches only reports still `received` (no verifikator has read them
 * yet, so the citizen's correction is the report); after that the verified text
 * stays and the edit shows in the message log. A revoke hides the text in every
 * report: the citizen withdrew it, which matters more than the record.
 */
async function reviseReports(step: Step, before: string | null, next: string | null): Promise<number[]> {
  if (!before?.trim()) return [];
  const filter: Record<string, unknown> = { reporter: { wa_id: { _eq: step.sender } }, description: { _contains: before.trim() } };
  if (next !== null) filter['status'] = { _eq: 'received' };
  const rows = (await step.items('complaints').readByQuery({ filter, fields: ['id', 'description'], limit: 20 })) as Array<{ id: number; description: string }>;
  const changed: number[] = [];
  for (const row of rows) {
    const description = reviseDescription(row.description, before, next);
    if (description === null) continue;
    await step.asService('complaints').updateOne(row.id, { description }, step.mutation);
    changed.push(row.id);
  }
  return changed;
}

async function applyEdit(step: Step, h: Extract<InboundHandling, { kind: 'edit' }>, edit: { wamid: string; at: string }): Promise<{ applied: boolean }> {
  const original = await ownMessage(step, h.original);
  if (!original) return { applied: false };
  const before = messageTextOf(original.payload);
  await step.items(WA).updateOne(original.id, { payload: editedPayload(original.payload, h.text, edit) });
  if (h.text === null) return { applied: true };
  await reviseDraft(step, before, h.text);
  await reviseReports(step, before, h.text);
  return { applied: true };
}

async function applyRevoke(step: Step, h: Extract<InboundHandling, { kind: 'revoke' }>, revoke: { wamid: string; at: string }): Promise<{ applied: boolean }> {
  const original = await ownMessage(step, h.original);
  if (!original) return { applied: false };
  const before = messageTextOf(original.payload);
  await step.items(WA).updateOne(original.id, { payload: revokedPayload(original.payload, revoke) });
  await reviseDraft(step, before, null);
  await reviseReports(step, before, null);
  return { applied: true };
}

/** Moves a citizen (identity, reports, conversation) to the address Meta says they use now. */
async function applyIdentityChange(step: Step, h: Extract<InboundHandling, { kind: 'identity_change' }>): Promise<string[]> {
  const one = async (collection: string, waId: string, fields: string[]) =>
    ((await step.items(collection).readByQuery({ filter: { wa_id: { _eq: waId } }, fields, limit: 1 }))[0] ?? null) as never;
  const [oldCitizen, newCitizen, oldConversation, newConversation] = await Promise.all([
    one('citizens', h.from, ['id', 'phone']),
    one('citizens', h.to, ['id', 'phone']),
    one('conversations', h.from, ['id']),
    one('conversations', h.to, ['id']),
  ]);
  const ops = planIdentityChange(h.to, h.phone, { oldCitizen, newCitizen, oldConversation, newConversation });
  for (const op of ops) {
    if (op.op === 'update_citizen') await step.items('citizens').updateOne(op.id, op.patch);
    if (op.op === 'update_conversation') await step.items('conversations').updateOne(op.id, op.patch);
    if (op.op === 'move_reports') {
      const reports = (await step.items('complaints').readByQuery({ filter: { reporter: { _eq: op.from } }, fields: ['id'], limit: 1000 })) as Array<{ id: number }>;
      for (const r of reports) await step.asService('complaints').updateOne(r.id, { reporter: op.to }, step.mutation);
    }
  }
  return ops.map((o) => o.op);
}
