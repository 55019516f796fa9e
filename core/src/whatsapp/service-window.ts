import { channelHasServiceWindow, channelOfAddress } from '../channels.ts';

// Meta's customer-service window: free-form messages (text, buttons, lists)
// reach a WhatsApp user only within 24 hours of that user's last message to
// the business number; outside it only an approved template may be sent (the
// Cloud API answers 131047 "Re-engagement message", sometimes only later in a
// `failed` status webhook, so waiting for the error is not enough).
// https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows
// One rule for citizens and officers alike: adapters pass the time of the
// person's last inbound message (wa_messages direction `in`).

export const SERVICE_WINDOW_MS = 24 * 3600_000;

/** Whether free text may be sent to someone who last wrote at `lastInboundAt` (null: never wrote). */
export function serviceWindowOpen(lastInboundAt: string | Date | null | undefined, now: Date): boolean {
  if (!lastInboundAt) return false;
  const at = lastInboundAt instanceof Date ? lastInboundAt : new Date(lastInboundAt);
  const t = at.getTime();
  if (Number.isNaN(t)) return false;
  // A clock a little ahead of ours (Directus vs n8n host) still counts as "just wrote".
  return now.getTime() - t < SERVICE_WINDOW_MS;
}

export type DeliveryMode = 'text' | 'template';

/**
 * How to send a notice: free text inside the window; the approved template
 * outside it. Without an approved template name there is nothing else to try,
 * so it stays text (Meta refuses it and the send is recorded as failed).
 */
export function deliveryMode(lastInboundAt: string | Date | null | undefined, now: Date, templateName: string | null | undefined): DeliveryMode {
  if (serviceWindowOpen(lastInboundAt, now)) return 'text';
  return templateName?.trim() ? 'template' : 'text';
}

/**
 * The window and the delivery mode for one address, on its own channel's rule:
 * a channel without a window (Telegram) is always open and always free text;
 * WhatsApp's approved templates exist only on WhatsApp, so Messenger and
 * Instagram always get text, their send node choosing the message tag from the
 * time of the person's last message (messengerDelivery).
 */
export function windowForAddress(
  address: string,
  lastInboundAt: string | Date | null | undefined,
  now: Date,
  templateName: string | null | undefined,
): { open: boolean; mode: DeliveryMode } {
  if (!channelHasServiceWindow(address)) return { open: true, mode: 'text' };
  if (channelOfAddress(address) !== 'whatsapp') return { open: serviceWindowOpen(lastInboundAt, now), mode: 'text' };
  return { open: serviceWindowOpen(lastInboundAt, now), mode: deliveryMode(lastInboundAt, now, templateName) };
}
