import { DomainError } from '@kanal-aduan/core';
import { relationKey } from '../../shared/relation-key.ts';
import type { AccountabilityLike } from '../../shared/role.ts';
import type { AssignmentStore, ComplaintStore } from '../../shared/store.ts';
import { guardFollowUp, MEDIA_REFUSAL } from './follow-up-filter.ts';

/** The one read this filter adds to the guard's: which report a follow-up belongs to. */
export interface FollowUpLookup {
  /** `complaint_updates.complaint` of an update, null when there is no such update. */
  updateComplaint(update: string | number): Promise<string | number | null>;
}

export type MediaStore = Pick<ComplaintStore, 'userAgency'> & Pick<AssignmentStore, 'complaintAgency'> & FollowUpLookup;

/**
 * `complaint_media.items.create` filter. A photo added in a follow-up's form
 * («Foto untuk warga», the o2m `complaint_updates.media`) arrives with only its
 * `update` (Directus sets it from the new follow-up, inside the same
 * transaction), so the report is taken from the follow-up; a photo that names
 * a report other than its follow-up's is refused rather than silently moved.
 * Then the agency guard runs on that report (officers and Camat: own reports only).
 */
export async function prepareMedia(
  payload: Record<string, unknown>,
  ctx: { store: MediaStore; accountability: AccountabilityLike },
): Promise<Record<string, unknown>> {
  const update = relationKey(payload['update'], 'id');
  const given = relationKey(payload['complaint'], 'id');
  let filled = payload;
  if (update) {
    const owner = await ctx.store.updateComplaint(update);
    if (owner === null) {
      throw new DomainError('MEDIA.UPDATE_NOT_FOUND', `Tindak lanjut #${update} tidak ditemukan; foto tidak dapat dilampirkan.`, { update });
    }
    if (given && given !== String(owner)) {
      throw new DomainError(
        'MEDIA.COMPLAINT_MISMATCH',
        `Foto ini dilampirkan pada tindak lanjut milik laporan lain (#${String(owner)}), bukan laporan #${given}. Kosongkan kolom «Laporan»: laporan diisi otomatis dari tindak lanjutnya.`,
        { update, complaint: given, update_complaint: owner },
      );
    }
    // The key as the follow-up row holds it (integer ids stay numbers).
    if (!given) filled = { ...payload, complaint: owner };
  } else if (!given) {
    throw new DomainError('MEDIA.NO_COMPLAINT', 'Pilih laporan atau tindak lanjut tempat lampiran ini disimpan.');
  }
  await guardFollowUp(filled, ctx, MEDIA_REFUSAL);
  return filled;
}
