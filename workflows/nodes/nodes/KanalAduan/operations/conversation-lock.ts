import { createHash, randomUUID } from 'node:crypto';
import { DirectusError, type DirectusClient } from '../directus-client.ts';

export type LockOptions = {
	/** How long the lock lives if this worker dies holding it. */
	ttlMs?: number;
	/** How long to wait for another worker before going on without the lock (a reply late is better than none). */
	maxWaitMs?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	warn?: (message: string) => void;
};

type LockAnswer = { acquired: boolean; wait_ms: number };

/**
 * Runs `fn` while holding the per-number lock of our Directus endpoint
 * (/kanal-aduan/conversation-lock), so two n8n workers (queue mode) never
 * step the same citizen's conversation at once: each would load the same
 * draft and the later save would drop the other's photo. Within one process
 * `oneAtATime` already queues a sender's messages; this covers several
 * processes. If the endpoint is missing (an older bundle) or another worker
 * holds the lock past `maxWaitMs`, the message is handled anyway, with a
 * warning: losing the reply would be worse than the rare race.
 */
/**
 * The lock row's key. The endpoint takes 5 to 20 digits, enough for any wa_id
 * (E.164: at most 15). A username user's business-scoped user id ("ID.1502…")
 * is not digits, so it is folded into a 20-digit digest: no real wa_id is that
 * long, so the two can never share a lock.
 */
export function lockKey(address: string): string {
	if (/^\d{5,20}$/.test(address)) return address;
	const n = BigInt(`0x${createHash('sha256').update(address).digest('hex').slice(0, 16)}`) % 10n ** 19n;
	return `9${n.toString().padStart(19, '0')}`;
}

/** A citizen's number as n8n's log may show it: the last four digits only (logs are read by more people than the data). */
export function logSafe(waId: string): string {
	return waId.length <= 4 ? '…' : `…${waId.slice(-4)}`;
}

export async function withConversationLock<T>(directus: DirectusClient, address: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
	const waId = lockKey(address);
	const ttlMs = options.ttlMs ?? 120_000;
	const maxWaitMs = options.maxWaitMs ?? 60_000;
	const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
	const now = options.now ?? Date.now;
	const warn = options.warn ?? (() => undefined);
	const holder = randomUUID();
	const deadline = now() + maxWaitMs;
	let held = false;

	for (;;) {
		let answer: LockAnswer;
		try {
			answer = await directus.request<LockAnswer>('POST', '/kanal-aduan/conversation-lock', {}, { wa_id: waId, holder, ttl_ms: ttlMs });
		} catch (error) {
			if (error instanceof DirectusError && error.httpStatus === 404) {
				warn(`Endpoint /kanal-aduan/conversation-lock tidak ada di Directus (bundle Kanal Aduan lama?); pesan dari ${logSafe(waId)} diproses tanpa kunci.`);
				break;
			}
			throw error;
		}
		if (answer.acquired) {
			held = true;
			break;
		}
		const left = deadline - now();
		if (left <= 0) {
			warn(`Percakapan ${logSafe(waId)} masih dikunci proses lain setelah ${Math.round(maxWaitMs / 1000)} detik; pesan diproses tanpa menunggu lagi.`);
			break;
		}
		await sleep(Math.max(50, Math.min(answer.wait_ms, 250, left)));
	}

	try {
		return await fn();
	} finally {
		if (held) {
			// A failed release only delays the next message until the lock expires.
			await directus.request('POST', '/kanal-aduan/conversation-lock/release', {}, { wa_id: waId, holder }).catch((error: unknown) => {
				warn(`Kunci percakapan ${logSafe(waId)} tidak dapat dilepas (${error instanceof Error ? error.message : String(error)}); berakhir sendiri dalam ${Math.round(ttlMs / 1000)} detik.`);
			});
		}
	}
}
