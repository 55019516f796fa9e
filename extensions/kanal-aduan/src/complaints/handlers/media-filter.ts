import { DomainError } from '@kanal-aduan/core';
import { relationKey } from '../../shared/relation-key.ts';
import { isTrusted, policiesOffer, roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { AssignmentStore, ComplaintStore } from '../../shared/store.ts';
import { guardFollowUp, MEDIA_REFUSAL } from './follow-up-filter.ts';

/** The one read this filter adds to the guard's: which report a follow-up belongs to. */
export interface FollowUpLookup {
  /** `complaint_updates.complaint` of an update, null when there is no such update. */
  updateComplaint(update: string | number): Promise<string | number | null>;
}

/** What an update of media rows needs: the rows' current report, follow-up and file. */
export interface MediaLinks {
  mediaLinks(keys: ReadonlyArray<string | number>): Promise<Array<{ id: string | number; complaint: string | number | null; update: string | number | null; file: string | null }>>;
}

/** What linking a file needs: who uploaded it and which media rows link it already. */
export interface FileLinks {
  /** The file's `uploaded_by` and the keys of the `complaint_media` rows whose `file` it is; null when there is no such file. */
  fileLink(file: string): Promise<{ uploaded_by: string | null; media: Array<string | number> } | null>;
}

export type MediaStore = Pick<ComplaintStore, 'userAgency'> & Pick<AssignmentStore, 'complaintAgency'> & FollowUpLookup & FileLinks;

/** Refusal for a file the caller did not upload (or that does not exist: the same words, so it tells nothing). */
export const FILE_REFUSAL = 'Berkas ini tidak dapat dilampirkan. Lampirkan hanya berkas yang Anda unggah sendiri: unggah fotonya dari perangkat Anda.';
/** Refusal for a file another attachment already holds. */
export const FILE_TAKEN = 'Berkas ini sudah menjadi lampiran di tempat lain. Unggah ulang fotonya untuk melampirkannya di sini.';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Directus checks permissions only after the filter hooks, so the hook's own look-ups
 * (which report a follow-up belongs to, who uploaded a file) would answer callers the
 * policies refuse anyway: those are refused first.
 */
function assertOffered(accountability: AccountabilityLike, action: 'create' | 'update'): void {
  if (!policiesOffer(roleFromAccountability(accountability), 'complaint_media', action)) {
    throw new DomainError('MEDIA.NOT_ALLOWED', 'Anda tidak berhak menambah atau mengubah lampiran laporan.');
  }
}

/**
 * A `complaint_media` row is what lets agency roles read a file: their directus_files
 * read rule follows `$FOLLOW(complaint_media,file)` to a report of their agency
 * (schema/src/access.ts), and the n8n service sends the files of public follow-ups to
 * the citizen. So linking a file grants reading it, and a non-admin may link only a file
 * they uploaded themselves that no other row links yet: otherwise an officer could attach
 * a citizen's photo of another report (uploaded by the n8n service) to their own report,
 * or re-link a photo of one report to another, and download it through /assets.
 * Admins and the service (the intake attaching citizens' files) are trusted.
 * `replacing`: the rows being updated, whose own link does not count.
 */
export async function guardFileLink(
  value: unknown,
  ctx: { store: FileLinks; accountability: AccountabilityLike },
  replacing: ReadonlyArray<string | number> = [],
): Promise<void> {
  if (value === undefined || value === null) return;
  if (isTrusted(roleFromAccountability(ctx.accountability))) return;
  const file = relationKey(value, 'id');
  // A file created inline in the same request (an object without a key) is the caller's own upload.
  if (file === null && typeof value === 'object') return;
  const user = ctx.accountability?.user ?? null;
  const link = file !== null && UUID.test(file) ? await ctx.store.fileLink(file) : null;
  if (!link || !user || link.uploaded_by !== user) throw new DomainError('MEDIA.FILE_NOT_YOURS', FILE_REFUSAL, { file });
  if (link.media.some((k) => !replacing.some((r) => String(r) === String(k)))) {
    throw new DomainError('MEDIA.FILE_ALREADY_LINKED', FILE_TAKEN, { file });
  }
}

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
  assertOffered(ctx.accountability, 'create');
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
  await guardFileLink(payload['file'], ctx);
  return filled;
}

/**
 * `complaint_media.items.update` filter (the verifikator may edit media rows):
 * moving a photo to another report or follow-up must keep the two on the same report,
 * and a new file follows the rule of a new link (guardFileLink).
 */
export async function guardMediaMove(
  payload: Record<string, unknown>,
  keys: ReadonlyArray<string | number>,
  ctx: { store: FollowUpLookup & MediaLinks & FileLinks; accountability: AccountabilityLike },
): Promise<void> {
  assertOffered(ctx.accountability, 'update');
  if (!('update' in payload) && !('complaint' in payload) && !('file' in payload)) return;
  const rows = await ctx.store.mediaLinks(keys);
  if ('file' in payload) {
    const file = relationKey(payload['file'], 'id');
    const changing = rows.filter((row) => row.file !== file);
    // One file on several rows would be a second link.
    if (changing.length > 1 && file !== null && !isTrusted(roleFromAccountability(ctx.accountability))) {
      throw new DomainError('MEDIA.FILE_ALREADY_LINKED', FILE_TAKEN, { file });
    }
    if (changing.length > 0) await guardFileLink(payload['file'], ctx, keys);
  }
  if (!('update' in payload) && !('complaint' in payload)) return;
  for (const row of rows) {
    const update = 'update' in payload ? relationKey(payload['update'], 'id') : row.update === null ? null : String(row.update);
    const complaint = 'complaint' in payload ? relationKey(payload['complaint'], 'id') : row.complaint === null ? null : String(row.complaint);
    if (!update) continue;
    const owner = await ctx.store.updateComplaint(update);
    if (owner === null) throw new DomainError('MEDIA.UPDATE_NOT_FOUND', `Tindak lanjut #${update} tidak ditemukan; foto tidak dapat dilampirkan.`, { update });
    if (complaint && complaint !== String(owner)) throw mismatch(update, owner, complaint);
  }
}
