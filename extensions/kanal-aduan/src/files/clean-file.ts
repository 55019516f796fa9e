import { stripMetadata, type SharpLike } from './strip-metadata.ts';

/** The directus_files fields the cleaning reads. */
export type FileRow = {
  id: string;
  type: string | null;
  title: string | null;
  description: string | null;
  tags: unknown;
  metadata: Record<string, unknown> | null;
  filename_download: string | null;
  metadata_cleaned: boolean | null;
};

/** Port over Directus's files (files-store.ts); everything with full rights. */
export interface FileStore {
  file(id: string): Promise<FileRow | null>;
  bytes(id: string): Promise<Buffer>;
  /** Stores new bytes under the same id (cached transformations of the old bytes are deleted with them). */
  replaceBytes(id: string, bytes: Buffer, type: string | null): Promise<void>;
  /** Writes the file's row without running hooks. */
  patch(id: string, patch: Partial<FileRow>): Promise<void>;
}

export type CleanOutcome = 'already_clean' | 'cleaned' | 'not_cleanable' | 'missing';

const same = (a: unknown, b: unknown) => a != null && JSON.stringify(a) === JSON.stringify(b);

/**
 * The row fields Directus copied out of the metadata on upload (IPTC caption →
 * description, headline → title, keywords → tags: services/files/utils/get-metadata.js)
 * go with it; what a person typed stays.
 */
export function fieldsFromMetadata(row: FileRow): Partial<FileRow> {
  const iptc = (row.metadata?.['iptc'] ?? null) as Record<string, unknown> | null;
  const out: Partial<FileRow> = { metadata: null };
  if (!iptc) return out;
  if (same(iptc['caption'], row.description)) out.description = null;
  if (same(iptc['headline'], row.title)) out.title = (row.filename_download ?? '').replace(/\.[^.]+$/, '') || null;
  if (same(iptc['keywords'], row.tags)) out.tags = null;
  return out;
}

/**
 * Strips a stored file's metadata and only then marks it clean
 * (`metadata_cleaned`, which agency roles' read rule requires). A file that
 * cannot be cleaned is left unmarked: hidden from agencies, never leaked.
 */
export async function cleanFile(id: string, deps: { store: FileStore; sharp: SharpLike | null }): Promise<{ outcome: CleanOutcome; reason?: string }> {
  const row = await deps.store.file(id);
  if (!row) return { outcome: 'missing' };
  if (row.metadata_cleaned === true) return { outcome: 'already_clean' };
  const result = await stripMetadata(await deps.store.bytes(id), row.type, deps.sharp);
  if (!result.cleaned) {
    // Still drop what Directus copied into the row, so even admins' exports stay lean.
    await deps.store.patch(id, fieldsFromMetadata(row));
    return { outcome: 'not_cleanable', reason: result.reason };
  }
  if (result.bytes) await deps.store.replaceBytes(id, result.bytes, row.type);
  await deps.store.patch(id, { ...fieldsFromMetadata(row), metadata_cleaned: true });
  return { outcome: 'cleaned' };
}
