// Pure accounting for the intake bench: percentiles, and which turns were
// answered, lost, answered twice or answered out of order. No I/O here.

/** Nearest-rank percentile (p in 0..100) of the values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** One webhook the generator posted for a citizen. */
export type Turn = { waId: string; turn: number; wamid: string; sentAt: number };
/** One message the bot sent (from the simulator's log). `contextId` is the wamid it quotes, if any. */
export type Reply = { waId: string; id: string; at: number; contextId?: string };

export type Accounting = {
  citizens: number;
  citizensAnswered: number;
  /** Milliseconds from each citizen's first turn to the bot's first reply to them. */
  firstReplyMs: number[];
  /** Turns with no reply within the bound. */
  lost: number;
  /** Replies that repeat an earlier reply: same quoted turn answered again, or the same message id twice. */
  duplicated: number;
  /** Replies that quote an older turn after a newer turn was already answered. */
  outOfOrder: number;
};

/**
 * A turn is answered by the replies sent after it and before the citizen's next
 * turn (the generator waits for an answer before the next turn), or, when the
 * bot quotes the turn (`context.message_id`), by the replies quoting it. A reply
 * later than `boundMs` after its turn does not count as an answer.
 */
export function account(turns: readonly Turn[], replies: readonly Reply[], boundMs: number): Accounting {
  const byCitizen = new Map<string, Turn[]>();
  for (const t of turns) {
    const list = byCitizen.get(t.waId) ?? [];
    list.push(t);
    byCitizen.set(t.waId, list);
  }
  const repliesBy = new Map<string, Reply[]>();
  for (const r of replies) {
    const list = repliesBy.get(r.waId) ?? [];
    list.push(r);
    repliesBy.set(r.waId, list);
  }
  let citizensAnswered = 0;
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  const firstReplyMs: number[] = [];
  for (const [waId, list] of byCitizen) {
    list.sort((a, b) => a.sentAt - b.sentAt);
    const mine = (repliesBy.get(waId) ?? []).slice().sort((a, b) => a.at - b.at);
    const turnOf = new Map(list.map((t) => [t.wamid, t.turn]));
    const seenIds = new Set<string>();
    const answeredTurns = new Set<number>();
    let highestQuoted = -1;
    for (const r of mine) {
      if (seenIds.has(r.id)) {
        duplicated += 1;
        continue;
      }
      seenIds.add(r.id);
      const quoted = r.contextId !== undefined ? turnOf.get(r.contextId) : undefined;
      if (quoted === undefined) continue;
      if (answeredTurns.has(quoted)) duplicated += 1;
      if (quoted < highestQuoted) outOfOrder += 1;
      highestQuoted = Math.max(highestQuoted, quoted);
      answeredTurns.add(quoted);
    }
    const first = list[0]!;
    const firstReply = mine.find((r) => r.at >= first.sentAt);
    if (firstReply && firstReply.at - first.sentAt <= boundMs) {
      citizensAnswered += 1;
      firstReplyMs.push(firstReply.at - first.sentAt);
    }
    list.forEach((t, i) => {
      const next = list[i + 1]?.sentAt ?? Number.POSITIVE_INFINITY;
      const answered =
        answeredTurns.has(t.turn) ||
        mine.some((r) => r.at >= t.sentAt && r.at < next && r.at - t.sentAt <= boundMs && r.contextId === undefined);
      if (!answered) lost += 1;
    });
  }
  return { citizens: byCitizen.size, citizensAnswered, firstReplyMs, lost, duplicated, outOfOrder };
}

/** Counts per HTTP status ("0" for a connection error). */
export function statusCounts(statuses: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
