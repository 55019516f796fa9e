import { randomUUID } from 'node:crypto';
import { DomainError, dueDates, formatTicket, newTrackingCode, regionStamp, ticketPeriod } from '@kanal-aduan/core';
import { assertNoManagedFields, assertNoTransitionFields } from '../../shared/managed-fields.ts';
import { isTrusted, roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { ComplaintStore } from '../../shared/store.ts';
import { relationKey } from '../../shared/relation-key.ts';
import type { LastTransition } from '../transition.ts';

export type CreateFilterContext = {
  store: ComplaintStore;
  accountability: AccountabilityLike;
  now: Date;
  /** Id of the first move (uuid); tests pass a fixed one. */
  newId?: () => string;
  /** The citizen's tracking code; tests pass a fixed one. */
  newCode?: () => string;
};

/**
 * `complaints.items.create` filter: a new report gets its ticket number, its
 * first status and the verification deadline. Runs inside Directus's create
 * transaction, so the counter increment rolls back with a failed create.
 *
 * Steps: check initial status -> received time -> ticket and tracking code ->
 * SLA deadline -> the first move ('received', `last_transition`), from which the
 * `activity.create` filter writes the first history row and complaint.created in
 * the same transaction, once the insert has given the report its key.
 */
export async function prepareNewComplaint(
  payload: Record<string, unknown>,
  ctx: CreateFilterContext,
): Promise<Record<string, unknown>> {
  if (payload['status'] !== undefined && payload['status'] !== null && payload['status'] !== 'received') {
    throw new DomainError(
      'COMPLAINT.INITIAL_STATUS',
      'Laporan baru selalu dimulai dengan status "Diterima". Ubah statusnya setelah laporan tersimpan.',
      { status: payload['status'] },
    );
  }

  assertNoTransitionFields(payload);
  const role = roleFromAccountability(ctx.accountability);
  // The ticket and the tracking code are always ours (a client's are overwritten
  // below), as Directus overwrites user_created with the caller; other computed
  // fields may only be backfilled by admins and the service.
  if (!isTrusted(role)) assertNoManagedFields(payload, ['ticket', 'tracking_code', 'user_created']);
  const receivedAt = receivedTime(payload['received_at'], isTrusted(role), ctx.now);
  const settings = await ctx.store.settings();

  const period = ticketPeriod(receivedAt, settings.timezone);
  const seq = await ctx.store.nextTicketSeq(period);
  const ticket = formatTicket(settings.ticketPrefix, period, seq);

  const policy = await ctx.store.slaPolicy(relationKey(payload['category']));
  const calendar = await ctx.store.calendar(settings.timezone, receivedAt);
  const due = dueDates(policy, 'received', receivedAt, calendar);

  // No `rows`: the key is unknown until the insert; the move is from nothing to 'received'.
  const first: LastTransition = {
    id: (ctx.newId ?? randomUUID)(),
    at: ctx.now.toISOString(),
    to: 'received',
    role,
    author: ctx.accountability?.user ?? null,
    agency: null,
    note: null,
    ticket,
  };
  return {
    ...payload,
    ...regionStamp(payload), // kecamatan stamped from region (Dasbor Pimpinan groups by it)
    ticket,
    // Always drawn here, never taken from the payload: whoever creates the report
    // (n8n for the citizen) reads it back once to send it; agency roles cannot read it.
    tracking_code: (ctx.newCode ?? newTrackingCode)(),
    status: 'received',
    received_at: receivedAt.toISOString(),
    verify_due: due.verify_due ? due.verify_due.toISOString() : null,
    reopen_count: 0,
    last_transition: first,
    pending_transition: first.id,
  };
}

/**
 * Admins and the service account may backfill `received_at` (imports from the
 * old channel, demo data); everyone else gets the server's clock.
 */
function receivedTime(value: unknown, trusted: boolean, now: Date): Date {
  if (!trusted || value === undefined || value === null || value === '') return now;
  const at = new Date(String(value));
  if (Number.isNaN(at.getTime())) {
    throw new DomainError('COMPLAINT.BAD_RECEIVED_AT', 'Waktu diterima (received_at) tidak valid.', { value });
  }
  return at;
}
