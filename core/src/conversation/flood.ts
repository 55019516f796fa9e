import { z } from 'zod';

// Per-sender flood guard (a WhatsApp line opened by the Vice-President was
// flooded with pranks on day one). Kept in conversations.flood so it survives
// between webhook calls. It also remembers the last message ids: Meta retries
// a webhook it thinks failed, and the second delivery must change nothing.

export const FloodState = z.object({
  /** Epoch ms of the most recent inbound messages (at most limit + 1 kept). */
  at: z.array(z.number()),
  /** A warning was sent for the current burst; stay quiet until it calms down. */
  warned: z.boolean(),
  /** Most recent inbound wamids, newest last. */
  ids: z.array(z.string()),
});
export type FloodState = z.infer<typeof FloodState>;

export type FloodVerdict = 'ok' | 'warn' | 'quiet' | 'duplicate';

export const FLOOD_WINDOW_MS = 60_000;
const REMEMBERED_IDS = 30;

export function checkFlood(
  state: FloodState | null,
  now: Date,
  messageId: string,
  limitPerMinute: number,
): { state: FloodState; verdict: FloodVerdict } {
  const prev = state ?? { at: [], warned: false, ids: [] };
  if (prev.ids.includes(messageId)) return { state: prev, verdict: 'duplicate' };
  const t = now.getTime();
  const at = [...prev.at.filter((x) => x > t - FLOOD_WINDOW_MS), t].slice(-(limitPerMinute + 1));
  const ids = [...prev.ids, messageId].slice(-REMEMBERED_IDS);
  if (at.length > limitPerMinute) {
    return { state: { at, warned: true, ids }, verdict: prev.warned ? 'quiet' : 'warn' };
  }
  return { state: { at, warned: false, ids }, verdict: 'ok' };
}
