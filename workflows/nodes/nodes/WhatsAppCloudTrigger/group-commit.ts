/** Writes one batch; resolves once the whole batch is stored, rejects if none of it may be counted as stored. */
export type BatchWriter<T> = (items: T[]) => Promise<void>;

export interface GroupCommitOptions {
	/** How long the first submission of a batch waits for others to join it. */
	windowMs: number;
	/** A batch this big is written at once instead of waiting for its window. */
	maxItems: number;
}

interface Batch<T> {
	items: T[];
	write: BatchWriter<T>;
	/** The window has passed: write as soon as no other batch is being written. */
	due: boolean;
	timer: ReturnType<typeof setTimeout> | undefined;
	settle: { resolve(): void; reject(error: unknown): void };
	done: Promise<void>;
}

/**
 * Group commit (as databases do for their log): submissions that arrive within
 * a short window, or while the previous batch is still being written, are
 * written together in one call, and each submitter's promise settles when the
 * batch holding its items is written (or fails). One batch is written at a
 * time, so under load batches grow with the writer's latency instead of the
 * calls piling up; a full batch does not wait for its window.
 *
 * A batch is written with the writer of its first submitter: every submitter
 * of one GroupCommit must write to the same place.
 */
export class GroupCommit<T> {
	private open: Batch<T> | null = null;
	private readonly full: Batch<T>[] = [];
	private writing = false;

	constructor(private readonly options: GroupCommitOptions) {}

	/** Adds items to the open batch (opening one if needed); settles when that batch is written. */
	submit(items: readonly T[], write: BatchWriter<T>): Promise<void> {
		const batch = this.open ?? this.openBatch(write);
		batch.items.push(...items);
		if (batch.items.length >= this.options.maxItems) {
			this.open = null;
			clearTimeout(batch.timer);
			this.full.push(batch);
			this.pump();
		}
		return batch.done;
	}

	/** Items waiting to be written, in the open batch and full ones (for tests and logs). */
	get pending(): number {
		return (this.open?.items.length ?? 0) + this.full.reduce((n, b) => n + b.items.length, 0);
	}

	private openBatch(write: BatchWriter<T>): Batch<T> {
		let settle!: Batch<T>['settle'];
		const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
		// A batch that fails with no submitter left waiting must not crash the process.
		done.catch(() => undefined);
		const batch: Batch<T> = { items: [], write, due: false, timer: undefined, settle, done };
		batch.timer = setTimeout(() => {
			batch.due = true;
			this.pump();
		}, this.options.windowMs);
		this.open = batch;
		return batch;
	}

	private pump(): void {
		if (this.writing) return;
		let batch = this.full.shift();
		if (!batch && this.open?.due) {
			batch = this.open;
			this.open = null;
		}
		if (!batch) return;
		this.writing = true;
		const items = batch.items;
		const { settle } = batch;
		// The writer runs outside the caller's stack: a throw becomes a rejection.
		Promise.resolve()
			.then(() => batch.write(items))
			.then(
				() => settle.resolve(),
				(error: unknown) => settle.reject(error),
			)
			.finally(() => {
				this.writing = false;
				this.pump();
			});
	}
}
