import { spamScore } from './spam.ts';

// Separate from filing.ts (node:crypto) so the conversation can import it anywhere.

/** Noise that must never become a report: the bot asks for the real problem instead. */
export function noiseReason(text: string, hasAttachment = false): 'EMPTY' | 'GREETING_ONLY' | 'TOO_SHORT' | null {
  const r = spamScore({ text, hasAttachment });
  if (r.level !== 'noise') return null;
  const code = r.reasons.find((x) => x.weight === 0)?.code;
  return code === 'EMPTY' || code === 'GREETING_ONLY' || code === 'TOO_SHORT' ? code : null;
}
