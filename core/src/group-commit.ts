// A generic batching helper in the domain package: it does no I/O itself (the
// caller hands it the write), and @kanal-aduan/core is the one package both
// adapters share. The n8n WhatsApp trigger batches its webhooks' statuses and
// messages on their way to Directus with it; the Directus bundle batches the
// webhook front's statuses-only calls into one transaction with it.

/** Writes one batch; resolves (with what every submitter of the batch gets) once the whole batch is stored, rejects if none of it may be counted as stored. */
export type BatchWriter<T, R = void> = (items: T[]) => Promise<R>;

export interface GroupCommitOptions {
  /** How long the first submission of a batch waits for others to join it. */
  windowMs: number;
  /**
   * The most items one write takes (the receiving endpoint's limit): a submission that would take
   * the open batch past it starts the next batch, and a batch this big is written at once instead
   * of waiting for its window. Only a single submission bigger than this makes a bigger batch.
   */
  maxItems: number;
}

interface Batch<T, R> {
  items: T[];
  write: BatchWriter<T, R>;
  /** The window has passed: write as soon as no other batch is being written. */
  due: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  settle: { resolve(result: R): void; reject(error: unknown): void };
  done: Promise<R>;
}

/**
 * Group commit (as databases do for their log): submissions that arrive within
 * a short window, or while the previous batch is still being written, are
 * written together in one call, and each submitter's promise settles with that
 * write's result (or its error) when the batch holding its items is written.
 * One batch is written at a time, so under load batches grow with the writer's
 * latency instead of the calls piling up; a full batch does not wait for its
 * window.
 *
 * A batch is written with the writer of its first submitter: every submitter
 * of one GroupCommit must write to the same place.
 */
export class GroupCommit<T, R = void> {
  private open: Batch<T, R> | null = null;
  private readonly full: Batch<T, R>[] = [];
  private writing = false;

  constructor(private readonly options: GroupCommitOptions) {}

  /** Adds items to the open batch (opening one if needed); settles when that batch is written. */
  submit(items: readonly T[], write: BatchWriter<T, R>): Promise<R> {
    // The endpoint refuses a batch over its limit: these items go in the next one.
    if (this.open && this.open.items.length > 0 && this.open.items.length + items.length > this.options.maxItems) this.cut(this.open);
    const batch = this.open ?? this.openBatch(write);
    batch.items.push(...items);
    if (batch.items.length >= this.options.maxItems) this.cut(batch);
    return batch.done;
  }

  /** Items waiting to be written, in the open batch and full ones (for tests and logs). */
  get pending(): number {
    return (this.open?.items.length ?? 0) + this.full.reduce((n, b) => n + b.items.length, 0);
  }

  /** The open batch takes no more: it is written as soon as the batches before it are. */
  private cut(batch: Batch<T, R>): void {
    this.open = null;
    clearTimeout(batch.timer);
    this.full.push(batch);
    this.pump();
  }

  private openBatch(write: BatchWriter<T, R>): Batch<T, R> {
    let settle!: Batch<T, R>['settle'];
    const done = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
    // A batch that fails with no submitter left waiting must not crash the process.
    done.catch(() => undefined);
    const batch: Batch<T, R> = { items: [], write, due: false, timer: undefined, settle, done };
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
    const { items, write, settle } = batch;
    // The writer runs outside the caller's stack: a throw becomes a rejection.
    Promise.resolve()
      .then(() => write(items))
      .then(
        (result) => settle.resolve(result),
        (error: unknown) => settle.reject(error),
      )
      .finally(() => {
        this.writing = false;
        this.pump();
      });
  }
}
