import { GroupCommit, type BatchWriter, type StoreAnswer, type WebhookEvent } from '@kanal-aduan/core';
import { DEFAULT_BATCH_WINDOW_MS, DEFAULT_WAIT_MS, MAX_BATCH, type FullResponse } from './direct-statuses.ts';
import type { TriggerItem } from './handle-webhook.ts';

/** One message as Directus's /kanal-aduan/intake/inbound takes it. */
export type StoredMessage = Pick<Extract<WebhookEvent, { kind: 'message' }>, 'message' | 'sender'> & { contact: unknown; phone_number_id?: string };


/**
 * One GroupCommit per Directus credential and window for the whole process,
 * as for the statuses (direct-statuses.ts says why a module-level map).
 */
const batchers = new Map<string, GroupCommit<StoredMessage>>();

export function messageBatcher(key: string, windowMs = DEFAULT_BATCH_WINDOW_MS): GroupCommit<StoredMessage> {
	const id = `${key}|${windowMs}`;
	let batcher = batchers.get(id);
	if (!batcher) {
		batcher = new GroupCommit<StoredMessage>({ windowMs, maxItems: MAX_BATCH });
		batchers.set(id, batcher);
	}
	return batcher;
}

export class StoreMessagesError extends Error {
	override name = 'StoreMessagesError';
}

export type StoreOutcome = { stored: true; messages: number; attempts: number } | { stored: false; messages: number; attempts: number; error: unknown };

export interface StoreRetry {
	/** How long to keep trying while Directus cannot be reached (the webhook has long been answered by then). */
	forMs: number;
	/** Pause between attempts (all webhooks waiting on one batcher retry together). */
	pauseMs: number;
}

/** Two minutes: a Directus restart or a short outage, as the intake node itself waits for one. */
export const DEFAULT_STORE_RETRY: StoreRetry = { forMs: 120_000, pauseMs: 1_000 };

/**
 * Stores a webhook's messages in Directus, batched with other webhooks', and
 * keeps trying while Directus cannot be reached. The trigger answers Meta
 * after at most a few seconds either way, but starts the run only once the
 * messages are stored: a citizen's messages are then all in the database, in
 * the order they came, before any of them is handled, even after an outage.
 * A message never stored within `retry.forMs` still starts its run, which
 * logs it itself.
 */
export async function storeMessageItems(
	items: TriggerItem[],
	batcher: GroupCommit<StoredMessage>,
	write: BatchWriter<StoredMessage>,
	retry: StoreRetry = DEFAULT_STORE_RETRY,
	waitMs = DEFAULT_WAIT_MS,
): Promise<StoreOutcome> {
	const messages = items.flatMap((i): StoredMessage[] => (i.kind === 'message' ? [{ message: i.message, sender: i.sender, contact: i.contact ?? null, phone_number_id: i.phoneNumberId }] : []));
	if (messages.length === 0) return { stored: true, messages: 0, attempts: 0 };
	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new StoreMessagesError(`Directus tidak selesai menyimpan pesan dalam ${waitMs} ms.`)), waitMs);
		});
		try {
			await Promise.race([batcher.submit(messages, write), late]);
			return { stored: true, messages: messages.length, attempts: attempt };
		} catch (error) {
			if (Date.now() - started >= retry.forMs) return { stored: false, messages: messages.length, attempts: attempt, error };
		} finally {
			clearTimeout(timer);
		}
		await nextAttempt(batcher, retry.pauseMs);
	}
}

/**
 * Every webhook waiting to retry on one batcher waits for the same moment and
 * then resubmits in the order it began waiting, so after an outage the
 * messages land in one batch in the order they came, not each on its own
 * timer (a later message stored, and handled, before an earlier one).
 */
const gates = new WeakMap<GroupCommit<StoredMessage>, Promise<void>>();

function nextAttempt(batcher: GroupCommit<StoredMessage>, pauseMs: number): Promise<void> {
	let gate = gates.get(batcher);
	if (!gate) {
		gate = new Promise<void>((r) => setTimeout(r, pauseMs)).then(() => void gates.delete(batcher));
		gates.set(batcher, gate);
	}
	return gate;
}

/** Throws unless Directus answered 2xx with the endpoint's summary. */
export function checkStoreAnswer(res: FullResponse): StoreAnswer {
	const data = (res.body as { data?: StoreAnswer } | undefined)?.data;
	if (res.statusCode >= 200 && res.statusCode < 300 && data && typeof data.stored === 'number') return data;
	const message = (res.body as { errors?: Array<{ message?: string }> } | undefined)?.errors?.[0]?.message;
	throw new StoreMessagesError(`Directus menolak penyimpanan pesan (HTTP ${res.statusCode})${message ? `: ${message}` : ''}`);
}
