import type { Locale } from '../model.ts';
import { meetingDayLabel } from './open-days.ts';

// «Jadikan laporan»: what a citizen said at Temu Bupati becomes a report of
// its own, with the citizen as reporter, so it is verified, dispositioned and
// followed up like any other (and the citizen hears about it on WhatsApp).

export type MeetingForReport = {
  code: string | null;
  topic: string;
  note: string | null;
  slot_date: string | null;
  citizen: string | null;
  locale: Locale | null;
};

export type MeetingReportError = 'APPOINTMENT.NO_NOTES' | 'APPOINTMENT.NO_CITIZEN';

/** The complaints row to create, or why not (no notes yet: nothing was said to act on). */
export function meetingReport(m: MeetingForReport): { ok: true; row: Record<string, unknown> } | { ok: false; code: MeetingReportError } {
  const notes = m.note?.trim() ?? '';
  if (notes.length === 0) return { ok: false, code: 'APPOINTMENT.NO_NOTES' };
  if (!m.citizen) return { ok: false, code: 'APPOINTMENT.NO_CITIZEN' };
  const when = m.slot_date ? ` (${meetingDayLabel(m.slot_date, 'id')})` : '';
  return {
    ok: true,
    row: {
      type: 'aspirasi',
      channel: 'walk_in',
      reporter: m.citizen,
      locale: m.locale ?? 'id',
      description: `Disampaikan langsung kepada Bupati pada Temu Bupati ${m.code ?? ''}${when}.\nTopik: ${m.topic.trim()}\n\n${notes}`,
    },
  };
}
