import type { Digest, Reminder } from './types.ts';

/**
 * After a run has tried to claim its keys (a unique insert per key: the
 * database refuses the second one, so two concurrent runs cannot both win),
 * keep only what this run won. A digest left empty is not sent.
 */
export function keepClaimed(digests: readonly Digest[], won: ReadonlySet<string>): Digest[] {
  return digests
    .map((d) => ({ ...d, entries: d.entries.filter((e) => won.has(e.key)) }))
    .filter((d) => d.entries.length > 0);
}

/** Claims every key through `tryInsert` (true = inserted, false = someone else holds it). */
export async function claimReminders(
  reminders: readonly Reminder[],
  tryInsert: (r: Reminder) => Promise<boolean>,
): Promise<Set<string>> {
  const won = new Set<string>();
  for (const r of reminders) if (await tryInsert(r)) won.add(r.key);
  return won;
}
