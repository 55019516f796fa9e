import { KanalEvent, verifySignature } from '@kanal-aduan/core';

export interface EventDecision {
	status: number;
	body: object;
	event: KanalEvent | null;
}

/**
 * A signed event from the Directus bundle (extensions/kanal-aduan/src/shared/events.ts):
 * the HMAC-SHA256 of the exact raw body in `X-Kanal-Signature: sha256=<hex>`,
 * checked before anything in the body is trusted (same scheme as Meta's
 * X-Hub-Signature-256, so core's verifySignature serves both).
 */
export function handleEvent(req: { headers: Record<string, string | string[] | undefined>; rawBody: Uint8Array | string | undefined; body: unknown }, secret: string): EventDecision {
	if (!secret) return { status: 401, body: { error: 'Rahasia peristiwa (Events Secret) belum diisi pada kredensial Kanal Aduan; peristiwa ditolak.' }, event: null };
	const header = req.headers['x-kanal-signature'];
	const signature = Array.isArray(header) ? header[0] : header;
	if (req.rawBody === undefined || !verifySignature(req.rawBody, signature, secret)) {
		return { status: 401, body: { error: 'Tanda tangan X-Kanal-Signature tidak valid.' }, event: null };
	}
	const parsed = KanalEvent.safeParse(req.body);
	if (!parsed.success) {
		return {
			status: 400,
			body: { error: 'Body bukan peristiwa Kanal Aduan.', issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
			event: null,
		};
	}
	return { status: 200, body: { ok: true }, event: parsed.data };
}

/** What Directus's receipt endpoint answered (or null when it could not be reached). */
export type ReceiptAnswer = { statusCode: number; body: unknown } | null;

/**
 * Whether to start a run for an event, given Directus's answer to
 * `POST /kanal-aduan/events/:id/receipt`: the outbox retries until n8n answers
 * 2xx, so the same event can arrive twice (n8n answered after Directus's 5 s
 * timeout). The receipt is recorded in Directus (`event_outbox.received_at`,
 * one conditional UPDATE), so it survives n8n restarts and holds across queue-mode
 * webhook processors.
 * - 'first' (or an unknown id, or an older bundle without the route: 404) -> run;
 * - 'duplicate' -> answer 200, no run;
 * - Directus unreachable or failing -> answer 503 without a run: the outbox tries again.
 */
export function receiptDecision(answer: ReceiptAnswer): 'run' | 'duplicate' | 'retry' {
	if (!answer) return 'retry';
	if (answer.statusCode === 404) return 'run';
	if (answer.statusCode < 200 || answer.statusCode >= 300) return 'retry';
	const receipt = (answer.body as { data?: { receipt?: unknown } } | null)?.data?.receipt;
	return receipt === 'duplicate' ? 'duplicate' : 'run';
}
