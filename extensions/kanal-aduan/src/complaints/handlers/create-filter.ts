import { DomainError, dueDates, formatTicket, ticketPeriod } from '@kanal-aduan/core';
import { assertNoManagedFields } from '../../shared/managed-fields.ts';
import { isTrusted, roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { ComplaintStore } from '../../shared/store.ts';
import { relationKey } from '../../shared/relation-key.ts';

export type CreateFilterContext = {
  store: ComplaintStore;
  accountability: AccountabilityLike;
  now: Date;
};

/**
 * `complaints.items.create` filter: a new report gets its ticket number, its
 * first status and the verification deadline. Runs inside Directus's create
 * transaction, so the counter increment rolls back with a failed create.
 *
 * Steps: check initial status -> received time -> ticket -> SLA deadline.
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

  const role = roleFromAccountability(ctx.accountability);
  // The ticket is always ours (a client-chosen one is overwritten below); other
  // computed fields may only be backfilled by admins and the service.
  if (!isTrusted(role)) assertNoManagedFields(payload, ['ticket']);
  const receivedAt = receivedTime(payload['received_at'], isTrusted(role), ctx.now);
  const settings = await ctx.store.settings();

  const period = ticketPeriod(receivedAt, settings.timezone);
  const seq = await ctx.store.nextTicketSeq(period);
  const ticket = formatTicket(settings.ticketPrefix, period, seq);

  const policy = await ctx.store.slaPolicy(relationKey(payload['category']));
  const calendar = await ctx.store.calendar(settings.timezone, receivedAt);
  const due = dueDates(policy, 'received', receivedAt, calendar);

  return {
    ...payload,
    ticket,
    status: 'received',
    received_at: receivedAt.toISOString(),
    verify_due: due.verify_due ? due.verify_due.toISOString() : null,
    reopen_count: 0,
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
