import { Readable } from 'node:stream';
import { complaintRow, deskComplaintRow, type DeskReport, type TextModel, type WebReport } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import type { EmitAction } from '../../intake/directus-emitter.ts';
import { filingTriage } from '../../intake/triage.ts';
import type { SchemaLike } from '../../shared/directus-store.ts';
import type { CleanPhoto } from './photos.ts';

// The writes of a web form report, after every check has passed and the
// photos are clean: the photos' files, then in one transaction the report
// (core complaintRow + the intake's triage, as every door) and its
// complaint_media rows. The complaint hooks run inside that transaction
// (ticket, tracking code, deadlines, history, the complaint.created outbox
// row); their action hooks are held until it commits, as the intake does
// (intake/directus-emitter.ts). If anything fails, the files go too.

type Items = {
  readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  readOne(id: string | number, q?: Record<string, unknown>): Promise<Record<string, unknown>>;
  readSingleton(q: Record<string, unknown>): Promise<Record<string, unknown>>;
  createOne(data: Record<string, unknown>, opts?: Record<string, unknown>): Promise<string | number>;
  updateOne(id: string | number, data: Record<string, unknown>, opts?: Record<string, unknown>): Promise<string | number>;
};
type Files = {
  uploadOne(stream: NodeJS.ReadableStream, data: Record<string, unknown>, key?: string, opts?: Record<string, unknown>): Promise<string | number>;
  deleteOne(key: string): Promise<unknown>;
};
export type WebFormServices = {
  ItemsService: new (collection: string, o: { knex: unknown; schema: unknown }) => Items;
  FilesService: new (o: { knex: unknown; schema: unknown }) => Files;
};

export type WebFormStoreDeps = {
  services: WebFormServices;
  database: Knex;
  schema: SchemaLike;
  /** Directus's emitter, to fire the saves' action hooks after the commit; null: Directus fires them itself. */
  emitAction: EmitAction | null;
  now: Date;
  /** The active routing model's spam text part, from the reference data (the intake's triage reads it). */
  spamText: TextModel | null;
};

export type Reporter = { phone: string; wa_id: string; name: string | null };
export type Filed = { id: number; ticket: string; trackingCode: string | null; verifyDue: string | null; likelySpam: boolean };
type ActionEvent = { event: string | string[]; meta: Record<string, unknown>; context: unknown };

/** The citizen of a WhatsApp number, or null when none is on file. */
export async function citizenOf(deps: Pick<WebFormStoreDeps, 'services' | 'database' | 'schema'>, waId: string): Promise<{ id: string; blocked: boolean } | null> {
  const [row] = await new deps.services.ItemsService('citizens', { knex: deps.database, schema: deps.schema }).readByQuery({
    filter: { wa_id: { _eq: waId } }, fields: ['id', 'blocked'], limit: 1,
  });
  return row ? { id: String(row['id']), blocked: row['blocked'] === true || row['blocked'] === 1 } : null;
}

/**
 * The citizen row of the number given, created when new. Keyed on wa_id only:
 * a name typed on a public form never renames anyone already on file (whoever
 * types another person's number must not rewrite them). A row created at the
 * same moment by another request (unique wa_id) is read back.
 */
export async function upsertWebCitizen(deps: Pick<WebFormStoreDeps, 'services' | 'database' | 'schema'>, reporter: Reporter, locale: 'id' | 'en'): Promise<string> {
  const citizens = new deps.services.ItemsService('citizens', { knex: deps.database, schema: deps.schema });
  const found = await citizenOf(deps, reporter.wa_id);
  if (found) return found.id;
  try {
    return String(await citizens.createOne({ wa_id: reporter.wa_id, phone: reporter.phone, display_name: reporter.name, locale, blocked: false }));
  } catch (error) {
    const again = await citizenOf(deps, reporter.wa_id);
    if (again) return again.id;
    throw error;
  }
}

/** A report the desk recorded: its channel is phone or walk_in, and `recordedBy` is the staff member's user id. */
export type DeskFiling = { report: DeskReport; recordedBy: string | null };

export async function storeWebReport(deps: WebFormStoreDeps, report: WebReport | DeskFiling, citizenId: string | null, photos: readonly CleanPhoto[]): Promise<Filed> {
  const desk = 'recordedBy' in report ? report : null;
  const filedReport = desk ? desk.report : (report as WebReport);
  const files = () => new deps.services.FilesService({ knex: deps.database, schema: deps.schema });
  const stored: string[] = [];
  try {
    for (const p of photos) {
      // Already clean (photos.ts): marked so, and the upload's cleaning hook is not run again.
      const id = await files().uploadOne(Readable.from(p.bytes), { type: p.type, filename_download: p.filename, title: p.filename.replace(/\.[^.]+$/, ''), metadata_cleaned: true }, undefined, { emitEvents: false });
      stored.push(String(id));
    }
    const events: ActionEvent[] = [];
    const mutation = deps.emitAction ? { bypassEmitAction: (e: ActionEvent) => events.push(e) } : {};
    const filed = await deps.database.transaction(async (trx) => {
      const items = (c: string) => new deps.services.ItemsService(c, { knex: trx, schema: deps.schema });
      // Spam score with its reasons ("Mungkin spam"), and a possible duplicate: the intake's triage.
      const triage = await filingTriage({ items, now: deps.now, sender: null, spamText: deps.spamText }, { ...filedReport, media: photos }, citizenId);
      const row = desk ? deskComplaintRow(desk.report, citizenId) : complaintRow(filedReport, citizenId);
      // No accountability: the complaint hooks run as for an internal call, like Open311's filing.
      // Directus fills user_created from the caller; for the desk it is the staff member (overwriteDefaults).
      const recorded = desk ? { overwriteDefaults: { _user: desk.recordedBy, _date: deps.now.toISOString() } } : {};
      const id = Number(await items('complaints').createOne({ ...row, ...triage }, { ...mutation, ...recorded }));
      const saved = await items('complaints').readOne(id, { fields: ['ticket', 'tracking_code', 'verify_due'] });
      const ticket = (saved['ticket'] as string | null) ?? null;
      if (!ticket) throw new Error(`Laporan #${id} tersimpan tanpa nomor tiket — pastikan ekstensi Directus "kanal-aduan" terpasang dan aktif.`);
      for (const [index, file] of stored.entries()) {
        await items('complaint_media').createOne({ complaint: id, file, kind: 'image', mime_type: photos[index]!.type, caption: null }, mutation);
      }
      return { id, ticket, trackingCode: (saved['tracking_code'] as string | null) ?? null, verifyDue: (saved['verify_due'] as string | null) ?? null, likelySpam: triage['likely_spam'] === true };
    });
    for (const e of events) deps.emitAction?.(e.event, e.meta, e.context);
    return filed;
  } catch (error) {
    for (const id of stored) await files().deleteOne(id).catch(() => undefined);
    throw error;
  }
}
