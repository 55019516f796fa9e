import { Readable } from 'node:stream';
import type { SchemaLike } from '../shared/directus-store.ts';
import type { FileRow, FileStore } from './clean-file.ts';

type Service = Record<string, (...args: unknown[]) => Promise<unknown>>;
type Ctor = new (options: { knex: unknown; schema: unknown; accountability?: unknown }) => Service;
type ItemsCtor = new (collection: string, options: { knex: unknown; schema: unknown }) => Service;
/** The Directus services this adapter uses (api/dist/services: files.js, assets.js, items.js). */
export type FileServices = { ItemsService: unknown; FilesService: unknown; AssetsService: unknown };

const FIELDS = ['id', 'type', 'title', 'description', 'tags', 'metadata', 'filename_download', 'metadata_cleaned'];

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Directus adapter of FileStore, with full rights (no accountability) on the given knex. */
export function filesStore(deps: { services: FileServices; database: unknown; schema: SchemaLike }): FileStore {
  const opts = { knex: deps.database, schema: deps.schema };
  const items = () => new (deps.services.ItemsService as ItemsCtor)('directus_files', opts);
  return {
    async file(id) {
      const rows = (await items()['readMany']!([id], { fields: FIELDS })) as FileRow[];
      return rows[0] ?? null;
    },
    async bytes(id) {
      const asset = (await new (deps.services.AssetsService as Ctor)(opts)['getAsset']!(id)) as { stream: NodeJS.ReadableStream };
      return collect(asset.stream);
    },
    async replaceBytes(id, bytes, type) {
      // uploadOne with a key replaces the bytes in place and deletes every stored
      // `<id>…` file, i.e. the cached /assets transformations of the old bytes.
      await new (deps.services.FilesService as Ctor)(opts)['uploadOne']!(Readable.from(bytes), { type: type ?? 'application/octet-stream' }, id, { emitEvents: false });
    },
    async patch(id, patch) {
      await items()['updateOne']!(id, patch, { emitEvents: false });
    },
  };
}
