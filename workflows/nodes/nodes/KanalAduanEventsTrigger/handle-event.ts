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
