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

/** What an update of media rows needs: the rows' current report and follow-up. */
export interface MediaLinks {
  mediaLinks(keys: ReadonlyArray<string | number>): Promise<Array<{ id: string | number; complaint: string | number | null; update: string | number | null }>>;
}

export type MediaStore = Pick<ComplaintStore, 'userAgency'> & Pick<AssignmentStore, 'complaintAgency'> & FollowUpLookup;

const mismatch = (update: string, owner: string | number, complaint: string) =>
  new DomainError(
    'MEDIA.COMPLAINT_MISMATCH',
    `Foto ini dilampirkan pada tindak lanjut milik laporan lain (#${String(owner)}), bukan laporan #${complaint}. Kosongkan kolom «Laporan»: laporan diisi otomatis dari tindak lanjutnya.`,
    { update, complaint, update_complaint: owner },
  );

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
      throw mismatch(update, owner, given);
    }
    // The key as the follow-up row holds it (integer ids stay numbers).
    if (!given) filled = { ...payload, complaint: owner };
  } else if (!given) {
    throw new DomainError('MEDIA.NO_COMPLAINT', 'Pilih laporan atau tindak lanjut tempat lampiran ini disimpan.');
  }
  await guardFollowUp(filled, ctx, MEDIA_REFUSAL);
  return filled;
}

/**
 * `complaint_media.items.update` filter (the verifikator may edit media rows):
 * moving a photo to another report or follow-up must keep the two on the same report.
 */
export async function guardMediaMove(
  payload: Record<string, unknown>,
  keys: ReadonlyArray<string | number>,
  ctx: { store: FollowUpLookup & MediaLinks },
): Promise<void> {
  if (!('update' in payload) && !('complaint' in payload)) return;
  for (const row of await ctx.store.mediaLinks(keys)) {
    const update = 'update' in payload ? relationKey(payload['update'], 'id') : row.update === null ? null : String(row.update);
    const complaint = 'complaint' in payload ? relationKey(payload['complaint'], 'id') : row.complaint === null ? null : String(row.complaint);
    if (!update) continue;
    const owner = await ctx.store.updateComplaint(update);
    if (owner === null) throw new DomainError('MEDIA.UPDATE_NOT_FOUND', `Tindak lanjut #${update} tidak ditemukan; foto tidak dapat dilampirkan.`, { update });
    if (complaint && complaint !== String(owner)) throw mismatch(update, owner, complaint);
  }
}
