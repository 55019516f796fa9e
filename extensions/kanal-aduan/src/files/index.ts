import { defineHook } from '@directus/extensions-sdk';
import type { SchemaLike } from '../shared/directus-store.ts';
import { cleanFile } from './clean-file.ts';
import { filesStore, type FileServices } from './files-store.ts';
import { loadSharp } from './strip-metadata.ts';

/** How many uncleaned report files one sweep takes on. */
const SWEEP_BATCH = 20;

/**
 * Strips metadata (EXIF/IPTC/XMP/GPS, video user data) from every uploaded
 * file and then sets `directus_files.metadata_cleaned`, which agency roles'
 * read rule requires (schema/src/access.ts). Upload → `files.upload` action;
 * a sweep picks up report files whose cleaning did not run or failed (a
 * restart mid-upload, files from before this hook). A file that cannot be
 * cleaned stays unmarked: hidden from agencies.
 */
export default defineHook(({ action, schedule }, { services, database, getSchema, logger }) => {
  const sharp = loadSharp();
  if (!sharp) logger.warn('[kanal-aduan] sharp tidak ditemukan: foto tidak dapat dibersihkan dan tidak terlihat oleh OPD/Camat');
  const ready = (schema: SchemaLike) =>
    'metadata_cleaned' in (((schema.collections['directus_files'] as { fields?: Record<string, unknown> } | undefined)?.fields) ?? {});
  // One cleaning per file at a time in this process (an upload and the sweep may meet).
  const inFlight = new Map<string, Promise<void>>();
  const notCleanable = new Set<string>();

  const clean = (id: string, schema: SchemaLike): Promise<void> => {
    const running = inFlight.get(id);
    if (running) return running;
    const job = (async () => {
      try {
        const store = filesStore({ services: services as unknown as FileServices, database, schema });
        const result = await cleanFile(id, { store, sharp });
        if (result.outcome === 'not_cleanable') {
          notCleanable.add(id);
          logger.info(`[kanal-aduan] berkas ${id} tidak dibersihkan (${result.reason}); OPD/Camat tidak dapat membukanya`);
        }
      } catch (error) {
        logger.error(error, `[kanal-aduan] metadata berkas ${id} belum dibersihkan; penyapu akan mencoba lagi`);
      } finally {
        inFlight.delete(id);
      }
    })();
    inFlight.set(id, job);
    return job;
  };

  action('files.upload', async (meta, context) => {
    const schema = ((context as { schema?: SchemaLike | null }).schema ?? (await getSchema())) as SchemaLike;
    if (!ready(schema)) return;
    await clean(String(meta['key']), schema);
  });

  schedule('*/15 * * * * *', async () => {
    try {
      const schema = (await getSchema()) as unknown as SchemaLike;
      if (!ready(schema) || !('complaint_media' in schema.collections)) return;
      const Items = (services as unknown as { ItemsService: new (c: string, o: Record<string, unknown>) => { readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, unknown>>> } }).ItemsService;
      const rows = await new Items('complaint_media', { knex: database, schema }).readByQuery({
        filter: { file: { metadata_cleaned: { _eq: false } } },
        fields: ['file'],
        limit: SWEEP_BATCH + notCleanable.size,
      });
      const ids = [...new Set(rows.map((r) => r['file']).filter((f): f is string => typeof f === 'string' && !notCleanable.has(f)))];
      for (const id of ids.slice(0, SWEEP_BATCH)) await clean(id, schema);
    } catch (error) {
      logger.error(error, '[kanal-aduan] penyapu metadata berkas gagal');
    }
  });
});
