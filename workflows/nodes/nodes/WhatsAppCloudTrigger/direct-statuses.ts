import { GroupCommit, type BatchWriter, type StatusUpdate } from '@kanal-aduan/core';
import type { TriggerItem } from './handle-webhook.ts';

/** How long a webhook's statuses wait for others to join their batch. */
export const DEFAULT_BATCH_WINDOW_MS = 30;
/** A webhook answers Meta within this, written or not (then through the workflow). */
export const DEFAULT_WAIT_MS = 5_000;
/** Statuses per call to Directus (its endpoint takes up to 1000). */
export const MAX_BATCH = 200;

/** What Directus answers on POST /kanal-aduan/wa-statuses (extensions/kanal-aduan endpoint routes/wa-statuses.ts). */
export type StatusWriteAnswer = { statuses: number; ignored: number; inserted: number; advanced: number; errors: number };

/**
 * One GroupCommit per Directus credential and window, for the whole process:
 * in queue mode that is the webhook processor that received the calls (each
 * processor batches its own; Directus's endpoint is safe against concurrent
 * batches). A module-level map is what survives between webhook calls: n8n
 * builds a fresh function context per call but loads the node once.
 */
const batchers = new Map<string, GroupCommit<StatusUpdate>>();

export function statusBatcher(key: string, windowMs = DEFAULT_BATCH_WINDOW_MS): GroupCommit<StatusUpdate> {
	const id = `${key}|${windowMs}`;
	let batcher = batchers.get(id);
	if (!batcher) {
		batcher = new GroupCommit<StatusUpdate>({ windowMs, maxItems: MAX_BATCH });
		batchers.set(id, batcher);
	}
	return batcher;
}

/** Why the direct write did not happen, for the log. */
export class DirectStatusError extends Error {
	override name = 'DirectStatusError';
}

export type DirectOutcome =
	/** Statuses stored in Directus: only the other items (messages, errors) start the workflow. */
	| { recorded: true; statuses: number; items: TriggerItem[] }
	/** Not stored (Directus down, refused, too slow): every item goes to the workflow as before. */
	| { recorded: false; statuses: number; items: TriggerItem[]; error: unknown };

/**
 * Records a webhook's status items through the batcher and waits for its
 * batch. On any failure, or when `waitMs` passes first, the items stay in the
 * workflow's input so the message log records them the slow way; a batch that
 * lands after all is harmless, the endpoint only moves rows forward.
 */
export async function recordStatusItems(
	items: TriggerItem[],
	batcher: GroupCommit<StatusUpdate>,
	write: BatchWriter<StatusUpdate>,
	waitMs = DEFAULT_WAIT_MS,
): Promise<DirectOutcome> {
	const statuses = items.flatMap((i) => (i.kind === 'status' ? [i.status] : []));
	if (statuses.length === 0) return { recorded: true, statuses: 0, items };
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DirectStatusError(`Directus tidak selesai mencatat status dalam ${waitMs} ms.`)), waitMs);
	});
	try {
		await Promise.race([batcher.submit(statuses, write), late]);
		return { recorded: true, statuses: statuses.length, items: items.filter((i) => i.kind !== 'status') };
	} catch (error) {
		return { recorded: false, statuses: statuses.length, items, error };
	} finally {
		clearTimeout(timer);
	}
}

/** An HTTP answer as n8n's httpRequest gives it with returnFullResponse. */
export type FullResponse = { statusCode: number; body: unknown };

/** Throws unless Directus answered 2xx with the endpoint's summary. */
export function checkStatusAnswer(res: FullResponse): StatusWriteAnswer {
	const data = (res.body as { data?: StatusWriteAnswer } | undefined)?.data;
	if (res.statusCode >= 200 && res.statusCode < 300 && data && typeof data.statuses === 'number') return data;
	const message = (res.body as { errors?: Array<{ message?: string }> } | undefined)?.errors?.[0]?.message;
	throw new DirectStatusError(`Directus menolak pencatatan status (HTTP ${res.statusCode})${message ? `: ${message}` : ''}`);
}
