/** Items per shared run: what one call to Directus's /kanal-aduan/intake/batch takes. */
export const MAX_RUN_ITEMS = 50;
/** A burst's first webhook waits this long for others to share its run. */
export const DEFAULT_RUN_WINDOW_MS = 250;

/**
 * One workflow run for a burst of webhooks. Every execution costs n8n the
 * same whatever it carries (the execution row, the queue job, the worker's
 * setup, an event per node): profiled at 10 citizens a second, that was most
 * of a worker's CPU. So once their messages are stored, the webhooks that
 * arrive within `windowMs` of the first share one run: the first waits out
 * the window (or until `maxItems` joined) and starts the run with everyone's
 * items, in the order they came; the others start none. Nothing is lost if
 * that run is: the messages are already stored, and the redrive pass handles
 * stored messages no run handled.
 */
export class SharedRuns<T> {
	private open: { items: T[]; close: () => void } | null = null;

	constructor(private readonly options: { windowMs: number; maxItems: number }) {}

	/** All items of the run for the webhook that starts it; null for a webhook whose items joined another's run. */
	async join(items: readonly T[]): Promise<T[] | null> {
		if (this.options.windowMs <= 0) return [...items];
		const open = this.open;
		if (open && open.items.length + items.length <= this.options.maxItems) {
			open.items.push(...items);
			if (open.items.length >= this.options.maxItems) open.close();
			return null;
		}
		// Full (or none open): this webhook opens the next run.
		open?.close();
		const run: { items: T[]; close: () => void } = { items: [...items], close: () => undefined };
		this.open = run;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, this.options.windowMs);
			run.close = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		if (this.open === run) this.open = null;
		return run.items;
	}
}

const runs = new Map<string, SharedRuns<unknown>>();

/** One SharedRuns per Directus credential and window for the whole process (as the batchers). */
export function sharedRuns<T>(key: string, windowMs: number, maxItems: number): SharedRuns<T> {
	const id = `${key}|${windowMs}|${maxItems}`;
	let found = runs.get(id);
	if (!found) {
		found = new SharedRuns<unknown>({ windowMs, maxItems });
		runs.set(id, found);
	}
	return found as SharedRuns<T>;
}
