import type { SendMessage } from '@kanal-aduan/core';

// The pure rules of the intake endpoint's bookkeeping in wa_messages:
// which inbound messages of a citizen are still to be handled and in what
// order, and how a reply waits in the log until n8n has sent it.
//
// An inbound row is `received` when logged and `read` once the bot has
// handled it (the bot read it; n8n marks it read at Meta too). A reply is
// logged before it is sent, as an outbound row with no status and a
// provisional wamid (`queued:<inbound wamid>:<n>`); n8n reports the real
// wamid after sending, and the row becomes `sent`.

/** Inbound rows older than this are never picked up as pending (rows logged before this endpoint existed stay `received`). */
export const PENDING_WINDOW_MS = 15 * 60_000;
/** How long an execution owns the replies handed to it; after that a retry may take them over. */
export const CLAIM_MS = 120_000;
/**
 * Work older than this that nobody has finished is taken over by the redrive
 * pass: a message stored at the webhook whose execution never ran (a worker
 * killed, its job lost) and a reply nobody holds. Its own execution normally
 * finishes in well under a second; taking over earlier would only race it.
 */
export const STALE_MS = 30_000;
/** A reply not sent within this is left in the log unsent: the citizen's 24-hour window is closed. */
export const REPLY_WINDOW_MS = 24 * 60 * 60_000;

export interface InboundRow {
  id: string;
  wamid: string;
  payload: Record<string, unknown>;
  /** Order of logging (the table's insertion order), for messages sent in the same second. */
  arrival: number;
}

/** Meta's `timestamp` (seconds since the epoch) of a logged message, in ms; NaN when missing. */
export function sentAtMs(payload: Record<string, unknown>): number {
  const s = Number(payload['timestamp']);
  return Number.isFinite(s) && s > 0 ? s * 1000 : Number.NaN;
}

/**
 * The rows to handle now, in the order the citizen sent them (Meta's
 * timestamp, then arrival): every pending row of the last PENDING_WINDOW_MS,
 * and always `current` (a retry of an old message still gets its answer).
 */
export function pendingInOrder(rows: InboundRow[], current: string, now: number): InboundRow[] {
  const at = (r: InboundRow) => {
    const ms = sentAtMs(r.payload);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return rows
    .filter((r) => r.wamid === current || (Number.isFinite(at(r)) && now - at(r) <= PENDING_WINDOW_MS))
    .sort((a, b) => at(a) - at(b) || a.arrival - b.arrival);
}

const QUEUED = /^queued:(.+):(\d{2})$/;

/** The provisional wamid of the n-th reply to an inbound message. */
export function queuedWamid(inbound: string, n: number): string {
  return `queued:${inbound}:${String(n).padStart(2, '0')}`;
}

/** The inbound wamid and position of a queued reply, or null for any other wamid. */
export function parseQueuedWamid(wamid: string): { inbound: string; n: number } | null {
  const m = QUEUED.exec(wamid);
  return m ? { inbound: m[1]!, n: Number(m[2]) } : null;
}

/** The payload of a reply row while it waits: the message to send and who is sending it. */
export interface QueuedPayload {
  reply: SendMessage;
  claim: { holder: string | null; until: string | null };
  /** When the reply was written (rows written before this field existed have none). */
  queued_at?: string;
  /** The business number to send it from (the one the citizen wrote to); absent: the default number. */
  from?: string | null;
}

export function queuedPayload(reply: SendMessage, holder: string | null, now: number, queuedAt: number = now, from: string | null = null): QueuedPayload {
  return {
    reply, claim: { holder, until: holder ? new Date(now + CLAIM_MS).toISOString() : null }, queued_at: new Date(queuedAt).toISOString(),
    ...(from ? { from } : {}),
  };
}

/**
 * The waiting reply with nobody holding it: its sender tried and failed for now,
 * so the next redrive pass takes it (it was queued long enough ago) instead of
 * waiting for the claim to run out.
 */
export function released(p: QueuedPayload): QueuedPayload {
  return { ...p, claim: { holder: null, until: null } };
}

/**
 * Whether `holder` may send this waiting reply: nobody holds it (it was
 * written while handling another execution's message), the same execution
 * asks again, or the holder's claim ran out (that execution died).
 */
export function claimable(p: QueuedPayload, holder: string, now: number): boolean {
  if (!p.claim.holder || p.claim.holder === holder) return true;
  const until = p.claim.until ? Date.parse(p.claim.until) : Number.NaN;
  return Number.isNaN(until) || until <= now;
}

/**
 * Whether the redrive pass takes over this waiting reply: its holder's claim
 * ran out, or nobody held it for STALE_MS (the execution that should have
 * asked for it never did); never once REPLY_WINDOW_MS has passed.
 */
export function abandoned(p: QueuedPayload, now: number): boolean {
  const queued = p.queued_at ? Date.parse(p.queued_at) : Number.NaN;
  if (!Number.isNaN(queued) && now - queued > REPLY_WINDOW_MS) return false;
  if (p.claim.holder) {
    const until = p.claim.until ? Date.parse(p.claim.until) : Number.NaN;
    return Number.isNaN(until) || until <= now;
  }
  return !Number.isNaN(queued) && now - queued >= STALE_MS;
}

/** Whether a message logged at the webhook is overdue for the redrive pass: stored at least STALE_MS ago, within the pending window. */
export function overdue(payload: Record<string, unknown>, now: number): boolean {
  const at = sentAtMs(payload);
  return Number.isFinite(at) && now - at >= STALE_MS && now - at <= PENDING_WINDOW_MS;
}

/** A JSON column as Directus hands it over: already parsed (Postgres) or text (SQLite). */
export function jsonColumn<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return null;
    }
  }
  return value as T;
}
