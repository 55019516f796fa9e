/**
 * Every message the simulator saw, in one numbered sequence: outbound messages the
 * bot sent through the fake Graph API and inbound messages the simulated citizen
 * sent. Tests read it by sequence number and long-poll it instead of sleeping.
 */
export type Direction = 'in' | 'out';

export type DeliveryStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';

export type LogEntry = {
  seq: number;
  direction: Direction;
  /** wamid of the message. */
  id: string;
  /** The citizen's wa_id (recipient for 'out', sender for 'in'). */
  wa_id: string;
  /** ISO timestamp when the simulator recorded it. */
  at: string;
  /** Message type: text, interactive, template, image, ... */
  type: string;
  status: DeliveryStatus;
  /** Outbound: the send body as the bot posted it. Inbound: the message object of the webhook. */
  body: unknown;
  /** The business number (phone_number_id) it was sent from or written to. */
  phone_number_id?: string;
};

export type LogQuery = {
  to?: string;
  /** Only entries after this: a sequence number or a point in time. */
  since?: number | Date;
  direction?: Direction | 'all';
};

type Waiter = { matches: (e: LogEntry) => boolean; wake: () => void };

export class MessageLog {
  #entries: LogEntry[] = [];
  #seq = 0;
  #waiters = new Set<Waiter>();

  get lastSeq(): number {
    return this.#seq;
  }

  append(entry: Omit<LogEntry, 'seq'>): LogEntry {
    this.#seq += 1;
    const full: LogEntry = { ...entry, seq: this.#seq };
    this.#entries.push(full);
    for (const w of this.#waiters) if (w.matches(full)) w.wake();
    return full;
  }

  findById(id: string): LogEntry | undefined {
    return this.#entries.find((e) => e.id === id);
  }

  setStatus(id: string, status: DeliveryStatus): void {
    const entry = this.findById(id);
    if (entry) entry.status = status;
  }

  list(query: LogQuery = {}): LogEntry[] {
    return this.#entries.filter((e) => matches(e, query));
  }

  /**
   * Entries matching the query; if there are none yet, waits until one is appended
   * or `timeoutMs` passes (then returns []). `signal` aborts the wait early, e.g.
   * when the HTTP client goes away.
   */
  async wait(query: LogQuery, timeoutMs: number, signal?: AbortSignal): Promise<LogEntry[]> {
    const now = this.list(query);
    if (now.length > 0 || timeoutMs <= 0) return now;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const waiter: Waiter = { matches: (e) => matches(e, query), wake: done };
      const timer = setTimeout(done, timeoutMs);
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', done, { once: true });
    });
    return this.list(query);
  }

  clear(): void {
    this.#entries = [];
    // Sequence numbers keep counting so a client holding an old `since` never
    // mistakes a message after the reset for one it has already seen.
  }
}

function matches(e: LogEntry, q: LogQuery): boolean {
  const direction = q.direction ?? 'out';
  if (direction !== 'all' && e.direction !== direction) return false;
  if (q.to !== undefined && e.wa_id !== q.to) return false;
  if (typeof q.since === 'number' && e.seq <= q.since) return false;
  if (q.since instanceof Date && Date.parse(e.at) <= q.since.getTime()) return false;
  return true;
}

/** Parses `since` from a query string: a sequence number or an ISO date. */
export function parseSince(raw: string | null): number | Date | undefined | 'invalid' {
  if (raw === null || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const t = Date.parse(raw);
  return Number.isNaN(t) ? 'invalid' : new Date(t);
}
