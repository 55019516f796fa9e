import { randomUUID } from 'node:crypto';
import {
  assertJoinable, assertTransition, deadlinesStartedBy, DomainError, dueDates, isAgencyHeld, isJoinedDuplicate, isReturn, stageStamps, STATUSES,
  type DueDates, type Status,
} from '@kanal-aduan/core';
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
 * -> one payload for all keys. Directus runs this filter before the write's
 * transaction opens (for a single PATCH), so the move travels in the payload:
 * the `activity.create` filter reads it back inside that transaction, after the
 * UPDATE, and writes the move's rows there (activity-filter.ts); it commits
 * with the status or not at all. The origin read here is checked there again.
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
  payload = withNotSpam(payload);
  // Officers may write assigned_agency only through our return patch below
  // (the policy must allow the field for that); re-routing is the verifikator's.
  if (isAgencyBound(role) && 'assigned_agency' in payload) {
    throw new DomainError('COMPLAINT.MANAGED_FIELD', 'Instansi tujuan hanya dapat diubah oleh verifikator.', { fields: ['assigned_agency'] });
  }
  if ('assigned_agency' in payload && role !== 'service') await assertNoSilentReroute(payload, keys, ctx);
  // Admins and the service may write any link (backfills, demo data); the desk's joins follow the rule.
  if (!isTrusted(role)) payload = await guardJoin(payload, keys, ctx);
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

/**
 * "Gabungkan": rejecting a report as a duplicate joins it into its original
 * (duplicate_of), whose news its citizen then follows. The original is the
 * one chosen, or else the intake's suggestion ("Mungkin sama dengan"), so
 * choosing "Laporan ganda" on a report with a suggestion is enough; it must
 * pass core's join rule (assertJoinable). Outside that move the link is not
 * set by hand: a joined report stays with its original, and a link on a report
 * that is not rejected as a duplicate would mean nothing.
 */
export async function guardJoin(
  payload: Record<string, unknown>,
  keys: ReadonlyArray<string | number>,
  ctx: Pick<UpdateFilterContext, 'store'>,
): Promise<Record<string, unknown>> {
  const reason = 'status_reason' in payload ? payload['status_reason'] : undefined;
  const joining = payload['status'] === 'rejected' && reason === 'duplicate';
  const chosen = relationKey(payload['duplicate_of'], 'id') ?? null;
  if (!joining && !('duplicate_of' in payload)) return payload;
  const rows = await ctx.store.complaints(keys);
  if (!joining) {
    for (const row of rows) {
      if ((row.duplicate_of ?? null) === null && chosen === null) continue;
      if (String(row.duplicate_of ?? '') === String(chosen ?? '')) continue;
      throw isJoinedDuplicate(row.status, row.status_reason)
        ? new DomainError('COMPLAINT.JOIN_FIXED', `Laporan ${row.ticket ?? row.id} sudah digabungkan; laporan aslinya tidak dapat diganti.`, { ticket: row.ticket })
        : new DomainError('COMPLAINT.JOIN_NEEDS_REJECT', 'Laporan asli hanya diisi saat menolak laporan sebagai «Laporan ganda» (Gabungkan). Pilih status Ditolak dengan alasan Laporan ganda.', { ticket: row.ticket });
    }
    return payload;
  }
  const originals = new Set(rows.filter((r) => r.status !== 'rejected').map((r) => String(chosen ?? r.duplicate_suggestion ?? '')));
  if (originals.has('')) {
    throw new DomainError(
      'COMPLAINT.JOIN_NEEDS_ORIGINAL',
      'Pilih laporan aslinya di kolom «Laporan asli (duplikat dari)»: laporan ini tidak punya saran «Mungkin sama dengan».',
      { tickets: rows.map((r) => r.ticket) },
    );
  }
  // One PATCH writes one duplicate_of to every key: a bulk join of reports with different suggestions is done one by one.
  if (originals.size > 1) {
    throw new DomainError('COMPLAINT.BULK_JOIN_MIXED', 'Laporan-laporan ini disarankan sama dengan laporan asli yang berbeda. Gabungkan satu per satu.');
  }
  const [original] = [...originals];
  if (original === undefined) return payload;
  const target = await ctx.store.joinOriginal(original);
  for (const row of rows) assertJoinable(row, original, target);
  return chosen === null ? { ...payload, duplicate_of: target!.id } : payload;
}

/**
 * The verifikator's "Bukan spam": the report leaves "Mungkin spam" for "Perlu verifikasi"
 * (likely_spam is ours, so the hook clears it); `not_spam` stays as the verdict the intake's
 * spam weights learn from. Unticking it later does not put the report back among the spam.
 */
export function withNotSpam(payload: Record<string, unknown>): Record<string, unknown> {
  return payload['not_spam'] === true ? { ...payload, likely_spam: false } : payload;
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

/** Times and deadlines a report gets when it enters `to`: core's stageStamps, with the policy's deadlines read here. */
async function stagePatch(
  row: ComplaintSnapshot,
  to: Status,
  category: string | null,
  settings: KanalSettings,
  ctx: UpdateFilterContext,
  requestedAgency: string | null | undefined,
  reasonSent: boolean,
): Promise<Record<string, unknown>> {
  const event = deadlinesStartedBy(row.status, to);
  let due: Partial<DueDates> = {};
  if (event) {
    const policy = await ctx.store.slaPolicy(category);
    const calendar = await ctx.store.calendar(settings.timezone, ctx.now);
    due = dueDates(policy, event, ctx.now, calendar);
  }
  return stageStamps(row, to, { now: ctx.now, due, requestedAgency, reasonSent });
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
