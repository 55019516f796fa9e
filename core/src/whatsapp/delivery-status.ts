import { WaMessageStatus } from '../model.ts';

// Meta may deliver status webhooks out of order (read before delivered):
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples#message-status-updates
// so a stored status only moves forward; `failed` always wins.
const RANK: Record<WaMessageStatus, number> = { received: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** The status a wa_messages row ends with when `incoming` arrives on a row that has `current`. */
export function nextDeliveryStatus(current: WaMessageStatus | null | undefined, incoming: WaMessageStatus): WaMessageStatus {
  if (!current) return incoming;
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/** Meta's status names mapped onto wa_messages.status (unknown ones, e.g. `deleted`, are ignored). */
export function toWaStatus(metaStatus: string): WaMessageStatus | null {
  return (['sent', 'delivered', 'read', 'failed'] as const).find((s) => s === metaStatus) ?? null;
}

/**
 * The stored statuses that `incoming` replaces: the same rule as
 * nextDeliveryStatus, as a list a conditional SQL update can use
 * (`WHERE status IS NULL OR status IN (...)`), so two writers racing on one row
 * can never move it backwards.
 */
export function statusesReplacedBy(incoming: WaMessageStatus): WaMessageStatus[] {
  return WaMessageStatus.options.filter((current) => current !== incoming && nextDeliveryStatus(current, incoming) === incoming);
}

/** One delivery status as Meta sends it (core's StatusUpdate, or the same object passed on as JSON). */
export type DeliveryStatusInput = {
  id: string;
  status: string;
  recipient_id?: string | undefined;
  recipient_user_id?: string | undefined;
  errors?: unknown[] | undefined;
};

/** What a batch of statuses does to one message: the status it reaches and the errors Meta gave. */
export type FoldedDeliveryStatus<T extends DeliveryStatusInput> = {
  wamid: string;
  status: WaMessageStatus;
  /** The recipient (wa_id, else the business-scoped user id); '' when Meta sent neither. */
  recipient: string;
  /** Errors of the last status in the batch that carried any; null when none did. */
  errors: unknown[] | null;
  /** The first recognised status for this message: the payload of a row made for an unknown wamid. */
  first: T;
};

/**
 * Folds a batch of Meta statuses into one outcome per message, in arrival
 * order, exactly as applying them one by one with nextDeliveryStatus would
 * (a row made from the first, later ones moving it forward, the last errors
 * kept). Statuses wa_messages does not track (`deleted`, `played`) are counted
 * as ignored.
 */
export function foldDeliveryStatuses<T extends DeliveryStatusInput>(statuses: readonly T[]): { messages: FoldedDeliveryStatus<T>[]; ignored: number } {
  const byWamid = new Map<string, FoldedDeliveryStatus<T>>();
  let ignored = 0;
  for (const s of statuses) {
    const status = toWaStatus(s.status);
    if (!status) {
      ignored++;
      continue;
    }
    const errors = Array.isArray(s.errors) && s.errors.length > 0 ? s.errors : null;
    const recipient = s.recipient_id || s.recipient_user_id || '';
    const seen = byWamid.get(s.id);
    if (!seen) {
      byWamid.set(s.id, { wamid: s.id, status, recipient, errors, first: s });
      continue;
    }
    seen.status = nextDeliveryStatus(seen.status, status);
    if (errors) seen.errors = errors;
    if (!seen.recipient) seen.recipient = recipient;
  }
  return { messages: [...byWamid.values()], ignored };
}
