import { DomainError } from './errors.ts';
import { isOpen, type Status } from './statuses.ts';

// "Gabungkan": a verifikator rejects a report as a duplicate of another one
// (status rejected, reason duplicate, duplicate_of the original). The
// duplicate's citizen then follows the original: its news reach them too
// (citizen-notice.ts followerNotices), the original counts its reporters, and
// the ranking counts the matter once (a rejected report never reaches an
// agency). These rules keep every follower one or more steps below one open
// original, so the chain has no cycle and ends at a report still handled.

/** What the join rule reads of the chosen original. */
export type JoinOriginal = {
  id: number | string;
  ticket: string | null;
  status: Status;
  status_reason: string | null;
  /** Set when the original was itself joined into another report: that report's ticket. */
  duplicate_of_ticket: string | null;
};

/** Whether a status/reason pair is a joined duplicate (it follows its duplicate_of). */
export function isJoinedDuplicate(status: string | null | undefined, reason: string | null | undefined): boolean {
  return status === 'rejected' && reason === 'duplicate';
}

/**
 * The original a report may be joined into: another report, found, not itself
 * joined elsewhere (pick that one instead) and still open (a report already
 * resolved or closed has no news left to share: a problem that came back is a
 * new report). Throws a DomainError in Indonesian for the verifikator.
 */
export function assertJoinable(report: { id: number | string; ticket: string | null }, originalId: number | string, original: JoinOriginal | null): void {
  const self = report.ticket ?? String(report.id);
  if (String(originalId) === String(report.id)) {
    throw new DomainError('COMPLAINT.JOIN_SELF', `Laporan ${self} tidak bisa digabungkan dengan dirinya sendiri. Pilih laporan asli yang lain.`, { ticket: report.ticket });
  }
  if (!original) {
    throw new DomainError('COMPLAINT.JOIN_NOT_FOUND', `Laporan asli (id ${originalId}) tidak ditemukan. Pilih laporan asli dari daftar.`, { original: originalId });
  }
  const name = original.ticket ?? String(original.id);
  if (isJoinedDuplicate(original.status, original.status_reason)) {
    const root = original.duplicate_of_ticket;
    throw new DomainError(
      'COMPLAINT.JOIN_CHAIN',
      root
        ? `Laporan ${name} sendiri sudah digabungkan ke ${root}. Gabungkan laporan ${self} langsung ke ${root}.`
        : `Laporan ${name} sendiri sudah ditandai sebagai laporan ganda. Pilih laporan aslinya.`,
      { ticket: report.ticket, original: original.ticket, root },
    );
  }
  if (!isOpen(original.status)) {
    throw new DomainError(
      'COMPLAINT.JOIN_NOT_OPEN',
      `Laporan ${name} sudah selesai atau ditutup, jadi tidak ada kabar lagi yang bisa diikuti pelapor ${self}. Bila masalahnya muncul lagi, tangani ${self} sebagai laporan baru.`,
      { ticket: report.ticket, original: original.ticket, status: original.status },
    );
  }
}
