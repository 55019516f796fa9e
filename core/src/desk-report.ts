import { z } from 'zod';
import { complaintRow } from './conversation/report-title.ts';
import { webReport, WebReportInput, type WebReport, type WebReportContext, type WebReportProblem } from './web-report.ts';

// A report the desk team records for a citizen who phones the service or
// walks in ("Catat laporan (telepon / datang langsung)"): the web form's rules
// (core webReport: category, story, place, number), plus the way it came and
// the RT/RW the staff member asked for. The reporter is still known only by
// the number given, never by a name, so a caller is the same citizen as the
// chat and the web form under that number.

/** The doors the desk records (`complaints.channel`). */
export const DESK_CHANNELS = ['phone', 'walk_in'] as const;
export const DeskChannel = z.enum(DESK_CHANNELS);
export type DeskChannel = z.infer<typeof DeskChannel>;

export function isDeskChannel(channel: unknown): channel is DeskChannel {
  return DeskChannel.safeParse(channel).success;
}

export const DeskReportInput = WebReportInput.extend({
  channel: z.string().max(20).default(''),
  rt: z.string().max(10).default(''),
  rw: z.string().max(10).default(''),
});
export type DeskReportInput = z.input<typeof DeskReportInput>;

/** The web form's problems, a missing or unknown way in, and an RT/RW that is not 1–3 digits. */
export const DeskReportProblem = z.enum(['channel', 'rt_rw']);
export type DeskReportProblem = WebReportProblem | z.infer<typeof DeskReportProblem>;

export type DeskReport = Omit<WebReport, 'channel'> & { channel: DeskChannel; rt: string | null; rw: string | null };

export type DeskReportResult =
  | { ok: true; report: DeskReport; reporter: { phone: string; wa_id: string; name: string | null } | null }
  | { ok: false; problems: DeskReportProblem[] };

/** "3", "03", "003" → "003" (as the KTP writes it); blank → null; anything else → undefined (refused). */
function neighbourhoodUnit(raw: string): string | null | undefined {
  const s = raw.trim();
  if (!s) return null;
  if (!/^\d{1,3}$/.test(s) || Number(s) === 0) return undefined;
  return String(Number(s)).padStart(3, '0');
}

/** Checks what the staff member filled in and builds the report; all problems at once. */
export function deskReport(raw: DeskReportInput, ctx: WebReportContext): DeskReportResult {
  const input = DeskReportInput.parse(raw);
  const problems: DeskReportProblem[] = [];
  const channel = DeskChannel.safeParse(input.channel.trim());
  if (!channel.success) problems.push('channel');
  const rt = neighbourhoodUnit(input.rt);
  const rw = neighbourhoodUnit(input.rw);
  if (rt === undefined || rw === undefined) problems.push('rt_rw');
  const checked = webReport(input, ctx);
  if (!checked.ok) problems.push(...checked.problems);
  if (!checked.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    reporter: checked.reporter,
    report: { ...checked.report, channel: channel.data!, rt: rt ?? null, rw: rw ?? null },
  };
}

/** The complaints row of a desk report: every door's row, with the RT/RW the staff member typed before any read from the texts. */
export function deskComplaintRow(report: DeskReport, reporter: string | null): Record<string, unknown> {
  const { rt, rw, ...filed } = report;
  const row = complaintRow(filed, reporter);
  return { ...row, rt: rt ?? row['rt'] ?? null, rw: rw ?? row['rw'] ?? null };
}

/** How the citizen's WhatsApp notice names the way the report came ("Laporan Anda yang disampaikan …"). */
export function deskChannelPhrase(channel: DeskChannel, locale: 'id' | 'en'): string {
  if (locale === 'en') return channel === 'phone' ? 'by phone' : 'in person at our service desk';
  return channel === 'phone' ? 'lewat telepon' : 'dengan datang langsung ke kantor layanan';
}
