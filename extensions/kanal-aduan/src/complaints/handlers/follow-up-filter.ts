import { assertDeskNote, DomainError, leaderMessageBody } from '@kanal-aduan/core';
import { relationKey } from '../../shared/relation-key.ts';
import { isAgencyBound, roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { AssignmentStore, ComplaintStore } from '../../shared/store.ts';

/** Refusal for an officer attaching media to a report of another agency. */
export const MEDIA_REFUSAL = 'Lampiran hanya dapat ditambahkan pada laporan yang ditugaskan ke instansi Anda.';

/**
 * `complaint_updates.items.create` filter. Directus create permissions only
 * validate the payload (the policy presets the officer's own agency), so
 * "is this report assigned to your agency" is checked here: an officer or
 * Camat may post follow-ups and internal notes only on their own reports
 * (a Camat reads every report of the kecamatan, but writes only on the office's).
 * The same rule guards `complaint_media.items.create` (photos of a follow-up), with its own message.
 */
export async function guardFollowUp(
  payload: Record<string, unknown>,
  ctx: { store: Pick<ComplaintStore, 'userAgency'> & Partial<Pick<ComplaintStore, 'complaints' | 'userDesk'>> & Pick<AssignmentStore, 'complaintAgency'>; accountability: AccountabilityLike },
  refusal = 'Tindak lanjut hanya dapat ditulis pada laporan yang ditugaskan ke instansi Anda.',
): Promise<void> {
  const role = roleFromAccountability(ctx.accountability);
  const complaint = relationKey(payload['complaint'], 'id');
  const user = ctx.accountability?.user ?? null;
  // A desk team's internal note (its policy allows no other kind): only on its own desk's new reports.
  if (role === 'desk_team') {
    const [report] = complaint && ctx.store.complaints ? await ctx.store.complaints([complaint]) : [];
    const desk = report && user && ctx.store.userDesk ? await ctx.store.userDesk(user) : null;
    assertDeskNote({ ticket: report?.ticket ?? null, status: report?.status ?? 'closed', desk: report?.desk ?? null }, desk);
    return;
  }
  if (!isAgencyBound(role)) return;
  const mine = user ? await ctx.store.userAgency(user) : null;
  const assigned = complaint ? await ctx.store.complaintAgency(complaint) : null;
  if (!mine || !assigned || assigned !== mine) {
    throw new DomainError('COMPLAINT.NOT_YOUR_AGENCY', refusal, { complaint });
  }
}

/**
 * «Pesan pimpinan» goes to the citizen as written: an empty one would send only its label.
 * Returns the payload to save (made public for an administrator who did not say).
 * The Pimpinan's payload may leave `kind` to the policy's preset, which Directus applies after
 * the filter hooks, so the role counts as well as the kind.
 */
export function guardLeaderMessage(payload: Record<string, unknown>, accountability: AccountabilityLike): Record<string, unknown> {
  const role = roleFromAccountability(accountability);
  const leader = payload['kind'] === 'leader_message' || role === 'pimpinan';
  if (!leader) return payload;
  leaderMessageBody(payload['body']);
  // It is written for the citizen: an administrator (no policy presets) who leaves `public` out means it too.
  // Not for the Pimpinan, whose preset sets it and who may not send the field at all.
  if (role !== 'pimpinan' && payload['public'] === undefined) return { ...payload, public: true };
  return payload;
}
