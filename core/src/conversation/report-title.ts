import { rtRwOf } from '../rt-rw.ts';

/** A short title for the admins' list view: the first line of the story, cut at a word. */
export function reportTitle(description: string, max = 80): string {
  const first = description.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}

/** What any door (the WhatsApp chat, Open311, …) files a new report with. */
export type FiledReport = {
  type: string;
  category: string;
  region: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  description: string;
  confidential: boolean;
  channel: string;
  locale?: string;
};

/**
 * The `complaints` row of a new report, the same for every door: its title from
 * the story, its RT/RW when the address or the story names them, status
 * `received` (the verify clock starts there), the reporter's citizen row or
 * null when the door has none.
 */
export function complaintRow(report: FiledReport, reporter: string | null): Record<string, unknown> {
  return {
    type: report.type,
    category: report.category,
    title: reportTitle(report.description),
    description: report.description,
    region: report.region,
    latitude: report.latitude,
    longitude: report.longitude,
    address: report.address,
    ...rtRwOf(report.address, report.description),
    channel: report.channel,
    reporter,
    confidential: report.confidential,
    locale: report.locale ?? 'id',
    status: 'received',
  };
}
