import { DomainError, redactIdentity } from '@kanal-aduan/core';
import { relationKey } from '../shared/relation-key.ts';
import { roleFromAccountability, type AccountabilityLike } from '../shared/role.ts';

/** A `complaint_updates` row as the edit guard reads it. */
export type UpdateRow = { id: string | number; complaint: string | number | null; kind: string | null; body: string | null; body_private: string | null };

/** The fields of a report the redaction reads. */
export type ReportRow = {
  id: string | number;
  confidential: boolean | null;
  reporter: string | null;
  title: string | null;
  description: string | null;
  address: string | null;
  description_private: string | null;
  address_private: string | null;
};

/** Port: what the identity filters read and write (with full rights), see identity-store.ts. */
export interface IdentityStore {
  /** The names a citizen goes by (`citizens.display_name`), [] when unknown. */
  citizenNames(citizen: string): Promise<string[]>;
  /** The reporter (citizen id) of a report, null when none. */
  reporterOf(complaint: string | number): Promise<string | null>;
  updates(keys: ReadonlyArray<string | number>): Promise<UpdateRow[]>;
  reports(keys: ReadonlyArray<string | number>): Promise<ReportRow[]>;
  /** Writes fields of one row without running hooks again (originals kept before a hand edit). */
  patchUpdate(id: string | number, patch: Partial<UpdateRow>): Promise<void>;
  patchReport(id: string | number, patch: Partial<ReportRow>): Promise<void>;
}

type Ctx = { store: IdentityStore; accountability: AccountabilityLike };

const PRIVATE_UPDATE_FIELDS = ['body_private'] as const;
const PRIVATE_REPORT_FIELDS = ['description_private', 'address_private'] as const;
/** The report's free-text fields and where each one's original is kept. */
const REPORT_TEXT = [['description', 'description_private'], ['address', 'address_private']] as const;
/**
 * The title is the first line of the story (the intake's reportTitle), so it
 * says what the description says: hidden the same way, its original is the
 * start of `description_private`.
 */
const TITLE = 'title';

const ORIGINAL_IS_FIXED = 'Teks asli dari warga tidak dapat diubah; sunting «Isi» untuk menyembunyikan lebih banyak.';

async function namesOfReport(store: IdentityStore, complaint: string | number | null): Promise<string[]> {
  if (complaint === null) return [];
  const citizen = await store.reporterOf(complaint);
  return citizen ? store.citizenNames(citizen) : [];
}

function refusePrivateWrites(payload: Record<string, unknown>, fields: readonly string[], accountability: AccountabilityLike): void {
  if (roleFromAccountability(accountability) === 'admin') return;
  const touched = fields.filter((f) => f in payload);
  if (touched.length) throw new DomainError('PRIVACY.ORIGINAL_FIXED', ORIGINAL_IS_FIXED, { fields: touched });
}

/**
 * `complaint_updates.items.create` filter, inside the create's transaction: a
 * citizen message keeps the citizen's words in `body_private` (admin and
 * verifikator only) and gets `body` with phone numbers, NIK, e-mail addresses
 * and the reporter's names replaced by placeholders, which is what agencies
 * read. Whoever writes the row (n8n's info answer, a script, an admin), the
 * stored `body` is redacted.
 */
export async function hideIdentityInCitizenMessage(payload: Record<string, unknown>, ctx: Ctx): Promise<Record<string, unknown>> {
  if (payload['kind'] !== 'citizen_message') return payload;
  refusePrivateWrites(payload, PRIVATE_UPDATE_FIELDS, ctx.accountability);
  const body = payload['body'];
  if (typeof body !== 'string' || body === '') return payload;
  const names = await namesOfReport(ctx.store, relationKey(payload['complaint'], 'id'));
  return { ...payload, body: redactIdentity(body, { names }).text, body_private: body };
}

/**
 * `complaint_updates.items.update` filter. The verifikator may change the
 * `body` of citizen messages (the permission allows nothing else) to hide
 * more by hand: the citizen's words stay in `body_private` (copied first for
 * a row stored before it existed), nobody but an admin writes `body_private`,
 * and identity is hidden in the new text too, so an edit cannot put the
 * number back.
 */
export async function guardCitizenMessageEdit(payload: Record<string, unknown>, keys: ReadonlyArray<string | number>, ctx: Ctx): Promise<Record<string, unknown>> {
  refusePrivateWrites(payload, PRIVATE_UPDATE_FIELDS, ctx.accountability);
  if (!('body' in payload) || keys.length === 0) return payload;
  const rows = (await ctx.store.updates(keys)).filter((r) => r.kind === 'citizen_message');
  if (rows.length === 0) return payload;
  for (const row of rows) {
    if (row.body_private === null && row.body) await ctx.store.patchUpdate(row.id, { body_private: row.body });
  }
  const body = payload['body'];
  if (typeof body !== 'string' || body === '') return payload;
  const names = new Set<string>();
  for (const complaint of new Set(rows.map((r) => r.complaint))) for (const n of await namesOfReport(ctx.store, complaint)) names.add(n);
  return { ...payload, body: redactIdentity(body, { names: [...names] }).text };
}

/**
 * `complaints.items.create` filter: in a confidential report, `description`
 * and `address` keep the citizen's words in `description_private` /
 * `address_private` and get identity replaced by placeholders.
 */
export async function hideIdentityInNewReport(payload: Record<string, unknown>, ctx: Ctx): Promise<Record<string, unknown>> {
  refusePrivateWrites(payload, PRIVATE_REPORT_FIELDS, ctx.accountability);
  if (payload['confidential'] !== true) return payload;
  const citizen = relationKey(payload['reporter'], 'id');
  const names = citizen ? await ctx.store.citizenNames(citizen) : [];
  const out = { ...payload };
  for (const [field, original] of REPORT_TEXT) {
    const text = payload[field];
    if (typeof text !== 'string' || text === '') continue;
    out[field] = redactIdentity(text, { names }).text;
    out[original] = text;
  }
  if (typeof payload[TITLE] === 'string') out[TITLE] = redactIdentity(payload[TITLE], { names }).text;
  return out;
}

/**
 * `complaints.items.update` filter: an edit of `description`/`address` on a
 * confidential report (or a report made confidential) is redacted the same
 * way; the first original is kept (written before the update, per report).
 */
export async function hideIdentityInReportUpdate(payload: Record<string, unknown>, keys: ReadonlyArray<string | number>, ctx: Ctx): Promise<Record<string, unknown>> {
  refusePrivateWrites(payload, PRIVATE_REPORT_FIELDS, ctx.accountability);
  const touches = REPORT_TEXT.some(([field]) => field in payload) || TITLE in payload || payload['confidential'] === true;
  if (!touches || keys.length === 0) return payload;
  const rows = (await ctx.store.reports(keys)).filter((r) => (payload['confidential'] ?? r.confidential) === true);
  if (rows.length === 0) return payload;
  const out = { ...payload };
  const names = new Set<string>();
  for (const row of rows) {
    const own = row.reporter ? await ctx.store.citizenNames(row.reporter) : [];
    own.forEach((n) => names.add(n));
    const patch: Partial<ReportRow> = {};
    for (const [field, original] of REPORT_TEXT) {
      const stored = row[field];
      if (row[original] === null && stored) patch[original] = stored;
      // A report made confidential without new text: hide identity in what it already says.
      if (!(field in payload) && stored) {
        const hidden = redactIdentity(stored, { names: own }).text;
        if (hidden !== stored) patch[field] = hidden;
      }
    }
    if (!(TITLE in payload) && row.title) {
      const hidden = redactIdentity(row.title, { names: own }).text;
      if (hidden !== row.title) patch.title = hidden;
    }
    if (Object.keys(patch).length) await ctx.store.patchReport(row.id, patch);
  }
  for (const field of [...REPORT_TEXT.map(([f]) => f), TITLE]) {
    const text = payload[field];
    if (typeof text === 'string' && text !== '') out[field] = redactIdentity(text, { names: [...names] }).text;
  }
  return out;
}
