import { Category, MessageTemplate, Region, unpackModel, type CategoryReader, type TextModel } from '@kanal-aduan/core';

// The reference data every conversation step reads (settings, categories,
// the regency's ~330 regions, message templates), kept in the Directus
// process instead of being read for every message.
//
// The newest active routing model's parts the intake reads come along: the
// category part (the chat skips the category question) and the spam text part
// (a filed report's learned spam signal, triage.ts). Its body is a few hundred
// kB, read again only when another model becomes the newest
// (routingModelReader); which model is the newest is asked with every load.
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
  /** The active routing model's spam text part: the desk's own spam verdicts, one more signal of a filed report's spam score. */
  spam_text?: TextModel | null;
}

/** What the intake reads of the newest active routing model; null parts when there is none, or it lacks them. */
export interface RoutingModelParts {
  category_reader: CategoryReader | null;
  spam_text: TextModel | null;
}

export const NO_ROUTING_MODEL: RoutingModelParts = { category_reader: null, spam_text: null };

export interface ReferenceSource {
  settings(): Promise<Record<string, unknown> | null>;
  categories(): Promise<unknown[]>;
  regions(regencyCode: string): Promise<unknown[]>;
  templates(): Promise<unknown[]>;
  /** The newest active routing model's parts, if any (routingModelReader keeps them by model id). */
  routingModel?(): Promise<RoutingModelParts>;
}

export async function loadReferenceData(source: ReferenceSource): Promise<ReferenceData> {
  const [settings, categories, templates, model] = await Promise.all([
    source.settings(), source.categories(), source.templates(), source.routingModel?.() ?? Promise.resolve(NO_ROUTING_MODEL),
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
    category_reader: model.category_reader,
    spam_text: model.spam_text,
  };
}

/** Where routingModelReader reads the routing models (triage_models in Directus: references.ts). */
export interface RoutingModelStore {
  /** The newest active model's id and the confidence its agency is suggested from; null when none is active. */
  newest(): Promise<{ id: number; min_confidence: number } | null>;
  /** Model `id`'s stored body (`triage_models.model`: JSON, as text or parsed). */
  body(id: number): Promise<unknown>;
}

/**
 * The newest active routing model's parts, its body read only when another model becomes the
 * newest (kept across calls by the returned function). Asked with every reference load, so a new
 * model reaches the instance that stored it at once (the intake hook clears the reference cache)
 * and another instance within TTL_MS.
 */
export function routingModelReader(): (store: RoutingModelStore) => Promise<RoutingModelParts> {
  let kept: { id: number; category: Omit<CategoryReader, 'min_confidence'> | null; spam_text: TextModel | null } | null = null;
  return async (store) => {
    const head = await store.newest();
    if (!head) return NO_ROUTING_MODEL;
    if (kept?.id !== head.id) kept = { id: head.id, ...routingModelBody(await store.body(head.id)) };
    // min_confidence is a column of its own: an admin may change it without a new model.
    return { category_reader: kept.category ? { ...kept.category, min_confidence: head.min_confidence } : null, spam_text: kept.spam_text };
  };
}

/**
 * The parts of a stored model body, each null when absent or malformed: a broken model means no
 * learned reading (the chat asks the category, the spam score goes without the learned signal),
 * never a failed message. Read part by part rather than through core readTriageModels, which
 * refuses a whole model of another format: these two parts are read as they are.
 */
export function routingModelBody(raw: unknown): { category: Omit<CategoryReader, 'min_confidence'> | null; spam_text: TextModel | null } {
  // Packed or plain (core model-codec); a body that does not unpack reads as no model.
  const m = unpackModel(raw);
  const o = (m !== null && typeof m === 'object' ? m : {}) as Record<string, unknown>;
  const keywordVotes = typeof o['keywordVotes'] === 'number' ? o['keywordVotes'] : 0;
  return {
    category: isTextModel(o['category']) ? { category: o['category'], keywordVotes } : null,
    spam_text: isTextModel(o['spam']) ? o['spam'] : null,
  };
}

function isTextModel(v: unknown): v is TextModel {
  if (v === null || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  const isObject = (x: unknown) => x !== null && typeof x === 'object';
  return m['kind'] === 'multinomial_nb_binary' && Array.isArray(m['vocabulary']) && isObject(m['label_counts']) && isObject(m['counts']) && isObject(m['totals']);
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
