import { DomainError } from './errors.ts';
import type { DueDates, SlaEvent } from './sla-clock.ts';
import { restartsVerifyClock } from './stage-deadlines.ts';
import { isReturn, type Status } from './statuses.ts';

/** What of a report decides the stamps of its next move. */
export interface StampedReport {
  id: string | number;
  ticket: string | null;
  status: Status;
  assigned_agency: string | null;
  suggested_agency: string | null;
  verified_at: string | null;
  first_response_at: string | null;
  reopen_count: number | null;
}

/**
 * The SLA event whose deadlines a move to `to` starts (the adapter then reads
 * the report's policy and calendar for `dueDates`), or null when it starts none.
 */
export function deadlinesStartedBy(from: Status, to: Status): SlaEvent | null {
  if (to === 'dispositioned' || to === 'resolved') return to;
  if (restartsVerifyClock(from, to)) return 'received';
  return null;
}

export interface StampOptions {
  now: Date;
  /** `dueDates(policy, deadlinesStartedBy(from, to), now, calendar)`; empty when the move starts none. */
  due: Partial<DueDates>;
  /** The agency the caller chose in the same save (undefined: none sent). */
  requestedAgency?: string | null | undefined;
  /** Whether the caller sent a status_reason with the move. */
  reasonSent: boolean;
}

const isoOrNull = (d: Date | undefined) => d?.toISOString() ?? null;

/**
 * Times, deadlines and counters a report gets when it enters `to` (complaints
 * fields of the same names). Throws 'COMPLAINT.NO_AGENCY' for a disposition
 * with no agency chosen, none assigned and no routing suggestion.
 */
export function stageStamps(row: StampedReport, to: Status, o: StampOptions): Record<string, unknown> {
  const iso = o.now.toISOString();
  switch (to) {
    case 'received':
      // The citizen answered the verifikator's question: the verify clock stopped
      // while the report waited for them and starts again now.
      return restartsVerifyClock(row.status, to) ? { verify_due: isoOrNull(o.due.verify_due) } : {};
    case 'verified': {
      // A report returned by an agency ("bukan wewenang") comes back to verified;
      // its first verification time stays, the verify clock was met then.
      const patch: Record<string, unknown> = row.verified_at ? {} : { verified_at: iso };
      // The returning agency lets go of it: it leaves their list, and the
      // verifikator's "Dikembalikan OPD" view shows it for re-routing.
      if (isReturn(row.status, to)) patch['assigned_agency'] = null;
      return patch;
    }
    case 'dispositioned': {
      // The routing suggestion pre-fills the disposition: "Disposisikan" with
      // no agency chosen sends it where the routing suggested.
      const agency = o.requestedAgency ?? row.assigned_agency ?? row.suggested_agency;
      if (!agency) {
        throw new DomainError(
          'COMPLAINT.NO_AGENCY',
          `Pilih instansi tujuan (kolom «Instansi tujuan») sebelum mendisposisikan laporan ${row.ticket ?? row.id}.`,
          { ticket: row.ticket },
        );
      }
      return {
        ...(o.requestedAgency ? {} : { assigned_agency: agency }),
        // A re-disposition after a return starts clean: the old "bukan wewenang" reason no longer applies.
        ...(o.reasonSent ? {} : { status_reason: null }),
        // A new disposition (after a return "bukan wewenang") starts a new respond
        // clock: the old agency's first response does not answer the new one's.
        // Per-agency response times stay on the assignments rows.
        ...(row.first_response_at ? { first_response_at: null } : {}),
        dispositioned_at: iso,
        respond_due: isoOrNull(o.due.respond_due),
        resolve_due: isoOrNull(o.due.resolve_due),
      };
    }
    case 'in_progress': {
      const patch: Record<string, unknown> = {};
      if (!row.first_response_at) patch['first_response_at'] = iso;
      if (row.status === 'resolved') {
        // Reopened by the citizen: the auto-close clock stops until the next resolve.
        patch['reopen_count'] = (row.reopen_count ?? 0) + 1;
        patch['autoclose_due'] = null;
      }
      return patch;
    }
    case 'resolved':
      return { resolved_at: iso, autoclose_due: isoOrNull(o.due.autoclose_due) };
    case 'closed':
    case 'rejected':
      return { closed_at: iso };
    default:
      return {};
  }
}
