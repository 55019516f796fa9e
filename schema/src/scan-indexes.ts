// The SLA scan's partial indexes on complaints (per status of each stage: its due
// date, and the reports without and with a reminder mark, from core's stage rule)
// are not Directus fields: Directus models one-column indexes only. The bundle
// creates them (extensions/kanal-aduan src/reminders/scan-indexes.ts); the apply
// asks it to, once the collections exist, on every run (idempotent).
import type { Client } from './directus-client.ts';

/**
 * `marked`: reports whose reminder marks were filled from reminder rows recorded before the marks existed;
 * `reporters`: reports others were joined into, whose citizen count was counted again.
 */
export type ScanIndexResult = { created: string[]; dropped: string[]; marked?: number; reporters?: number };

/**
 * Creates the missing stage indexes and drops those the rule no longer names, and
 * backfills the reminder marks and citizen counts of an installation upgraded from before them (the bundle's endpoint).
 */
export async function prepareScanIndexes(api: Client): Promise<ScanIndexResult> {
  return api.post<ScanIndexResult>('/kanal-aduan/reminders/prepare', {});
}
