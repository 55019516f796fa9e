import type { WaMessageStatus } from '@kanal-aduan/core';

// Meta may deliver status webhooks out of order (read before delivered):
// https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples#message-status-updates
// so a stored status only moves forward; `failed` always wins.
const RANK: Record<WaMessageStatus, number> = { received: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export function nextDeliveryStatus(current: WaMessageStatus | null | undefined, incoming: WaMessageStatus): WaMessageStatus {
	if (!current) return incoming;
	return RANK[incoming] > RANK[current] ? incoming : current;
}

/** Meta's status names mapped onto wa_messages.status (unknown ones, e.g. `deleted`, are ignored). */
export function toWaStatus(metaStatus: string): WaMessageStatus | null {
	return (['sent', 'delivered', 'read', 'failed'] as const).find((s) => s === metaStatus) ?? null;
}
