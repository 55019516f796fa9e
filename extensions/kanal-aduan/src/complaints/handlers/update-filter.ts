import { randomUUID } from 'node:crypto';
import { assertTransition, DomainError, dueDates, isAgencyHeld, isReturn, restartsVerifyClock, STATUSES, type SlaEvent, type Status } from '@kanal-aduan/core';
import { assertNoManagedFields, assertNoTransitionFields } from '../../shared/managed-fields.ts';
import { isAgencyBound, isTrusted, roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { ComplaintSnapshot, ComplaintStore, KanalSettings } from '../../shared/store.ts';
import { relationKey } from '../../shared/relation-key.ts';
import { carryUnrecorded, type LastTransition, type TransitionEntry, type TransitionRow } from '../transition.ts';

export type UpdateFilterContext = {
  store: ComplaintStore;
  accountability: AccountabilityLike;
  now: Date;
  /** Id of the move (uuid); tests pass a fixed one. */
  newId?: () => string;
};

export type GuardedUpdate = {
  payload: Record<string, unknown>;
  /** The move written into the payload as `last_transition` (null: the status does not move). */
  transition: LastTransition | null;
};

/**
 * `complaints.items.update` filter: a status change must be a legal move for
 * the caller's role (core's state machine), OPD/Camat users may only move
 * reports assigned to their own agency, and each stage stamps its time and
 * next deadline.
 *
 * Steps: parse target -> load reports -> agency check -> transition check ->
 * stamps and deadlines -> the move itself (`last_transition`, `pending_transition`)
 * -> one payload for all keys. Directus runs this filter outside the write's
 * transaction and the action only after the commit, so the move travels in the
 * payload: it commits with the status or not at all (issue 4 d).
 */
export async function guardStatusChange(
  payload: Record<string, unknown>,
  keys: ReadonlyArray<string | number>,
  ctx: UpdateFilterContext,
): Promise<GuardedUpdate> {
  const role = roleFromAccountability(ctx.accountability);
  // Every write path (PATCH by id, by `keys`, batch arrays, nested updates
  // through a relation, GraphQL) reaches this filter with the caller's own payload.
  if (!isTrusted(role)) assertNoManagedFields(payload);
  // The move's record is ours alone, for every role.
  assertNoTransitionFields(payload);
  // Officers may write assigned_agency only through our return patch below
  // (the policy must allow the field for that); re-routing is the verifikator's.
  if (isAgencyBound(role) && 'assigned_agency' in payload) {
    throw new DomainError('COMPLAINT.MANAGED_FIELD', 'Instansi tujuan hanya dapat diubah oleh verifikator.', { fields: ['assigned_agency'] });
  }
  if ('assigned_agency' in payload && role !== 'service') await assertNoSilentReroute(payload, keys, ctx);
  if (!('status' in payload)) return { payload, transition: null };
  const to = parseStatus(payload['status']);

  const rows = await ctx.store.complaints(keys);
  const moving = rows.filter((row) => row.status !== to);
  if (moving.length === 0) return { payload, transition: null };

  const author = ctx.accountability?.user ?? null;
  let agency: string | null = null;
  if (isAgencyBound(role)) {
    agency = author ? await ctx.store.userAgency(author) : null;
    for (const row of moving) {
      if (!agency || row.assigned_agency !== agency) {
        throw new DomainError('COMPLAINT.NOT_YOUR_AGENCY', `Laporan ${row.ticket ?? row.id} tidak ditugaskan ke instansi Anda.`, {
          ticket: row.ticket,
        });
      }
    }
  }

  // The reason travels with the move (reject needs spam/duplicate/…, a return
  // needs not_authority, a close citizen_confirmed/no_response): core checks it.
  const reason = typeof payload['status_reason'] === 'string' && payload['status_reason'] !== '' ? payload['status_reason'] : null;
  for (const row of moving) assertTransition(row.status, to, role, reason);

  const settings = await ctx.store.settings();
  const category = 'category' in payload ? relationKey(payload['category']) : undefined;
  const note = typeof payload['status_note'] === 'string' && payload['status_note'].trim() !== '' ? payload['status_note'] : null;

  const requestedAgency = 'assigned_agency' in payload ? relationKey(payload['assigned_agency']) : undefined;
  const patches = await Promise.all(
    moving.map((row) => stagePatch(row, to, category === undefined ? row.category : category, settings, ctx, requestedAgency, 'status_reason' in payload)),
  );
  const first = patches[0] ?? {};
  // One PATCH writes the same values to every key; refuse a bulk move whose
  // reports would need different stamps rather than write a wrong one.
  if (patches.some((patch) => JSON.stringify(patch) !== JSON.stringify(first))) {
    throw new DomainError(
      'COMPLAINT.BULK_STATUS_MIXED',
      'Laporan-laporan ini berada pada tahap yang berbeda. Ubah statusnya satu per satu.',
    );
  }

  const perReport: Record<string, TransitionRow> = {};
  for (const row of moving) {
    perReport[String(row.id)] = {
      from: row.status,
      ticket: row.ticket,
      ...(isReturn(row.status, to) ? { previous_agency: row.assigned_agency } : {}),
    };
  }
  const transition: LastTransition = {
    id: (ctx.newId ?? randomUUID)(),
    at: ctx.now.toISOString(),
    to,
    role,
    author,
    agency,
    note,
    // For the assignments row (dispose).
    ...(to === 'dispositioned'
      ? { assigned_agency: (first['assigned_agency'] as string | undefined) ?? requestedAgency ?? null, respond_due: (first['respond_due'] as string | null | undefined) ?? null }
      : {}),
    rows: perReport,
  };
  const earlier = unrecordedBefore(moving);
  if (earlier.length > 0) transition.earlier = earlier;
  return { payload: { ...payload, ...first, last_transition: transition, pending_transition: transition.id }, transition };
}

/** Earlier moves of these reports that are still unrecorded, oldest first, each once. */
function unrecordedBefore(rows: ComplaintSnapshot[]): TransitionEntry[] {
  const byId = new Map<string, TransitionEntry>();
  for (const row of rows) for (const entry of carryUnrecorded(row.last_transition, row.pending_transition)) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(-10);
}

function parseStatus(value: unknown): Status {
  if (typeof value === 'string' && (STATUSES as readonly string[]).includes(value)) return value as Status;
  throw new DomainError('COMPLAINT.UNKNOWN_STATUS', `Status "${String(value)}" tidak dikenal.`, { status: value });
}

/** Times and deadlines a report gets when it enters `to` (MODEL.md fields). */
async function stagePatch(
  row: ComplaintSnapshot,
  to: Status,
  category: string | null,
  settings: KanalSettings,
  ctx: UpdateFilterContext,
  requestedAgency: string | null | undefined,
  reasonSent: boolean,
): Promise<Record<string, unknown>> {
  const now = ctx.now;
  const iso = now.toISOString();
  const deadlines = async (event: SlaEvent) => {
    const policy = await ctx.store.slaPolicy(category);
    const calendar = await ctx.store.calendar(settings.timezone, now);
    return dueDates(policy, event, now, calendar);
  };

  switch (to) {
    case 'received': {
      // The citizen answered the verifikator's question: the verify clock stopped
      // while the report waited for them (core's stage rule) and starts again now.
      if (!restartsVerifyClock(row.status, to)) return {};
      const due = await deadlines('received');
      return { verify_due: due.verify_due?.toISOString() ?? null };
    }
    case 'verified': {
      // A report returned by an OPD ("bukan wewenang") comes back to verified;
      // its first verification time stays, the verify clock was met then.
      const patch: Record<string, unknown> = row.verified_at ? {} : { verified_at: iso };
      // The returning agency lets go of it: it leaves their list, and the
      // verifikator's "Dikembalikan OPD" view shows it for re-routing.
      if (isReturn(row.status, to)) patch['assigned_agency'] = null;
      return patch;
    }
    case 'dispositioned': {
      // The routing suggestion pre-fills the disposition: "Disposisikan" with
      // no agency chosen sends it where n8n suggested.
      const agency = requestedAgency ?? row.assigned_agency ?? row.suggested_agency;
      if (!agency) {
        throw new DomainError(
          'COMPLAINT.NO_AGENCY',
          `Pilih instansi tujuan (kolom «Instansi tujuan») sebelum mendisposisikan laporan ${row.ticket ?? row.id}.`,
          { ticket: row.ticket },
        );
      }
      const due = await deadlines('dispositioned');
      return {
        ...(requestedAgency ? {} : { assigned_agency: agency }),
        // A re-disposition after a return starts clean: the old "bukan wewenang" reason no longer applies.
        ...(reasonSent ? {} : { status_reason: null }),
        dispositioned_at: iso,
        respond_due: due.respond_due?.toISOString() ?? null,
        resolve_due: due.resolve_due?.toISOString() ?? null,
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
    case 'resolved': {
      const due = await deadlines('resolved');
      return { resolved_at: iso, autoclose_due: due.autoclose_due?.toISOString() ?? null };
    }
    case 'closed':
    case 'rejected':
      return { closed_at: iso };
    default:
      return {};
  }
}

/**
 * Changing the agency of a report an agency already holds, without the return
 * and re-disposition moves, would move it to another office with no
 * assignment row: the new office would see it while the ranking still counted
 * the old one. Before disposition the target may be chosen freely.
 */
async function assertNoSilentReroute(payload: Record<string, unknown>, keys: ReadonlyArray<string | number>, ctx: UpdateFilterContext): Promise<void> {
  const requested = relationKey(payload['assigned_agency']) ?? null;
  const rows = await ctx.store.complaints(keys);
  const moving = 'status' in payload ? parseStatus(payload['status']) : null;
  for (const row of rows) {
    if (!isAgencyHeld(row.status) || (moving !== null && moving !== row.status)) continue;
    if ((row.assigned_agency ?? null) === requested) continue;
    throw new DomainError(
      'COMPLAINT.REROUTE_NEEDS_RETURN',
      `Laporan ${row.ticket ?? row.id} sudah ditangani instansi lain. Untuk memindahkannya, instansi itu mengembalikan laporan ("bukan wewenang"), lalu disposisikan ulang.`,
      { ticket: row.ticket },
    );
  }
}
