import { Category, MessageTemplate, Region, type CategoryReader } from '@kanal-aduan/core';

// The reference data every conversation step reads (settings, categories,
// the regency's ~330 regions, message templates), kept in the Directus
// process instead of being read for every message.
//
// The routing model's category part comes along (a few hundred kB, read again
// only when the newest active model changes: references.ts).
//
// Freshness: an edit through this instance (the admin app or REST) clears
// the cache at once (the intake hook listens to those collections' create,
// update and delete actions). Production runs several Directus instances and
// an edit reaches only the one that took it, so every copy also expires
// after TTL_MS: another instance shows an edited bot text at most that late.
// A per-message staleness query (e.g. a version row) would add back a round
// trip per message for texts that change a few times a year; a bounded delay
// of seconds is the cheaper trade.

export const TTL_MS = 10_000;

/** Collections whose edits clear the cache. */
export const REFERENCE_COLLECTIONS = ['settings', 'categories', 'regions', 'message_templates', 'triage_models'] as const;

export interface ReferenceData {
  instance_name: string;
  timezone: string;
  ticket_prefix: string;
  regency_code: string;
  categories: Category[];
  regions: Region[];
  templates: MessageTemplate[];
  /** The active routing model's category part: a story it reads with confidence needs no category question. */
  category_reader?: CategoryReader | null;
}

export interface ReferenceSource {
  settings(): Promise<Record<string, unknown> | null>;
  categories(): Promise<unknown[]>;
  regions(regencyCode: string): Promise<unknown[]>;
  templates(): Promise<unknown[]>;
  /** The active routing model's category part, if any (references.ts keeps it by model id). */
  categoryReader?(): Promise<CategoryReader | null>;
}

export async function loadReferenceData(source: ReferenceSource): Promise<ReferenceData> {
  const [settings, categories, templates, categoryReader] = await Promise.all([
    source.settings(), source.categories(), source.templates(), source.categoryReader?.() ?? Promise.resolve(null),
  ]);
  const regency = String(settings?.['regency_code'] ?? '');
  if (!regency) throw new Error('Pengaturan "regency_code" kosong di Directus (koleksi settings): bot tidak tahu wilayah kabupaten/kota ini.');
  // Kecamatan, kelurahan and desa of this regency: their codes start with "<regency>.".
  const regions = await source.regions(regency);
  return {
    instance_name: String(settings?.['instance_name'] ?? 'Kanal Aduan'),
    timezone: String(settings?.['timezone'] ?? 'Asia/Jakarta'),
    ticket_prefix: String(settings?.['ticket_prefix'] ?? 'ADU'),
    regency_code: regency,
    categories: categories.map((c) => Category.parse(c)),
    regions: regions.map((r) => Region.parse(r)),
    templates: templates.map((t) => MessageTemplate.parse(t)),
    category_reader: categoryReader,
  };
}

/** One cached copy, loaded once however many requests ask at the same time. */
export class ReferenceCache {
  private entry: { at: number; data: Promise<ReferenceData> } | null = null;

  constructor(
    private readonly load: () => Promise<ReferenceData>,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = TTL_MS,
  ) {}

  get(): Promise<ReferenceData> {
    const e = this.entry;
    if (e && this.now() - e.at < this.ttlMs) return e.data;
    const data = this.load();
    const fresh = { at: this.now(), data };
    this.entry = fresh;
    // A failed load is not kept: the next request tries again.
    data.catch(() => {
      if (this.entry === fresh) this.entry = null;
    });
    return data;
  }

  /** An edit happened: the next request reads afresh (a load already running is not reused). */
  invalidate(): void {
    this.entry = null;
  }
}
