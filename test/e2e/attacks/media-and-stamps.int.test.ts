// Attacker's suite: what an agency user could write to learn or hide more
// than their role allows.
// - A link is a grant of read: agency roles read a file once a complaint_media
//   row ties it to one of their reports (schema/src/access.ts), so an officer
//   who could put any file key into a photo row of their own report downloaded
//   a citizen's photo of another report through /assets. Tried by every path
//   that writes such a row: REST, the follow-up form's nested photos, a nested
//   PATCH of the report, the verifikator's edit of a photo row, and re-linking
//   a photo that is already attached elsewhere. (GraphQL types the file of a
//   new photo row as a new file, so it cannot name an existing one.)
// - The clock: clearing a deadline or a stage time (null) stopped escalation
//   and made the ranking forget the report. Tried by id, by keys, as a batch,
//   nested through a follow-up and through GraphQL, by every role that may
//   edit a report.
// - `wa_phone`: reminders and notices about reports go to that number; only an
//   admin sets it.
// - Callers without a rule to write photos learn nothing from the hook, which
//   answers before Directus checks permissions.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KECAMATAN } from '../../../seeds/src/users.ts';
import { directus, env, loginAs, uniqueWaId, uploadPng } from '../helpers.ts';

type Row = Record<string, any>;
type Answer = { status: number; body: any };
type Who = 'officer' | 'head' | 'camat' | 'verifikator' | 'pimpinan';

const CAMAT_OFFICE = `KEC-${DEMO_KECAMATAN.code}`;
const LOGINS: Record<Who, string> = {
  officer: 'opd.pupr@example.com',
  head: 'kepala.pupr@example.com',
  camat: 'camat.kayuagung@example.com',
  verifikator: 'verifikator@example.com',
  pimpinan: 'bupati@example.com',
};
const tokens = {} as Record<Who, string>;

const admin = () => env('KANAL_DIRECTUS_TOKEN');
const json = (method: string, body: unknown, token: string): RequestInit & { token: string } => ({ method, token, body: JSON.stringify(body) });
async function asAdmin<T = any>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await directus<T>(path, { ...init, token: admin() });
  if (res.status >= 300) throw new Error(`admin ${init.method ?? 'GET'} ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const gql = (token: string, query: string) => directus<{ data?: Row; errors?: Array<{ message: string; extensions?: { code?: string } }> }>('/graphql', json('POST', { query }, token));


/** As the bundle's file hook leaves a file once its metadata is stripped: agencies may then read it through a link. */
const markCleaned = (file: string) => asAdmin(`/files/${file}`, { method: 'PATCH', body: JSON.stringify({ metadata_cleaned: true }) });

async function download(token: string, file: string): Promise<number> {
  const res = await fetch(`${env('KANAL_DIRECTUS_URL')}/assets/${file}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** The file stays out of reach for `who`: neither its bytes nor its row. */
async function expectUnreadable(who: Who, file: string) {
  expect(await download(tokens[who], file), `${who} GET /assets/${file}`).toBe(403);
  expect((await directus(`/files/${file}?fields=id`, { token: tokens[who] })).status, `${who} GET /files/${file}`).toBe(403);
}

const linksOf = async (file: string) =>
  (await asAdmin<{ data: Row[] }>(`/items/complaint_media?filter[file][_eq]=${file}&fields=id,complaint,update&limit=-1`)).data;
/** Report updates carrying this text (each attempt below writes its own). */
const written = async (body: string) =>
  (await asAdmin<{ data: Row[] }>(`/items/complaint_updates?filter[body][_eq]=${encodeURIComponent(body)}&fields=id,complaint&limit=-1`)).data;

/** A citizen's report filed as the intake files one; dispositioned by the verifikator when `agency` is given. */
async function report(region: string, agency?: string): Promise<Row> {
  const waId = uniqueWaId();
  const citizen = await asAdmin<{ data: Row }>('/items/citizens', {
    method: 'POST', body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: 'Warga Uji', locale: 'id', blocked: false }),
  });
  const created = await directus<{ data: Row }>('/items/complaints', json('POST', {
    type: 'pengaduan', category: 'JALAN', title: 'Jalan berlubang', description: 'Lubang besar di tengah jalan.', region,
    address: 'Jl. Lintas Timur', channel: 'whatsapp', reporter: citizen.data.id, confidential: true, locale: 'id',
  }, env('KANAL_SERVICE_TOKEN')));
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const id = created.body.data.id as number;
  if (agency) {
    for (const step of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: agency }]) {
      const r = await directus(`/items/complaints/${id}`, json('PATCH', step, tokens.verifikator));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  }
  return created.body.data;
}

const refused = (r: Answer, status: number, what: string) => expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);

beforeAll(async () => {
  for (const [who, email] of Object.entries(LOGINS) as Array<[Who, string]>) tokens[who] = await loginAs(email);
}, 60_000);

describe('a file may be linked to a report only by whoever uploaded it, once', () => {
  let victim: Row; // a confidential report in another kecamatan, not assigned to anyone yet
  let own: Row; // dispositioned to DPUPR (the officer and the Kepala OPD)
  let camats: Row; // dispositioned to the Camat's office
  let citizenFile: string; // the victim's photo, as the intake (n8n service) stores it
  let officerFile: string;
  let officerPhotoRow: number;

  beforeAll(async () => {
    victim = await report('16.02');
    own = await report(DEMO_KECAMATAN.code, 'DPUPR');
    camats = await report(DEMO_KECAMATAN.code, CAMAT_OFFICE);
    citizenFile = await uploadPng(env('KANAL_SERVICE_TOKEN'), 'foto-warga');
    const attached = await directus<{ data: Row }>('/items/complaint_media', json('POST', { complaint: victim.id, file: citizenFile, kind: 'image' }, env('KANAL_SERVICE_TOKEN')));
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    await markCleaned(citizenFile);

    // The officer's own photo on a follow-up of their report: the way it is meant to work.
    officerFile = await uploadPng(tokens.officer, 'sesudah-ditambal');
    const posted = await directus<{ data: Row }>('/items/complaint_updates?fields=id,media.id,media.file', json('POST', {
      complaint: own.id, kind: 'follow_up', public: false, body: 'Sudah ditinjau.', media: [{ file: officerFile, kind: 'image' }],
    }, tokens.officer));
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    officerPhotoRow = posted.body.data.media[0].id;
    expect(posted.body.data.media).toEqual([{ id: officerPhotoRow, file: officerFile }]);
  }, 180_000);

  it('the citizen\'s photo is out of reach for every agency role to begin with', async () => {
    for (const who of ['officer', 'head', 'camat', 'pimpinan'] as const) await expectUnreadable(who, citizenFile);
  });

  const attempts: Array<[string, Who, () => Promise<Answer>]> = [
    ['REST create on the own report', 'officer', () => directus('/items/complaint_media', json('POST', { complaint: own.id, file: citizenFile, kind: 'image' }, tokens.officer))],
    ['a photo nested in a new follow-up («Foto untuk warga»)', 'officer', () => directus('/items/complaint_updates', json('POST', {
      complaint: own.id, kind: 'follow_up', public: false, body: 'Foto lokasi (uji).', media: [{ file: citizenFile, kind: 'image' }],
    }, tokens.officer))],
    ['a photo created nested in a PATCH of the report', 'officer', () => directus(`/items/complaints/${own.id}`, json('PATCH', {
      media: { create: [{ file: citizenFile, kind: 'image' }], update: [], delete: [] },
    }, tokens.officer))],
    ['the file as a nested object', 'head', () => directus('/items/complaint_media', json('POST', { complaint: own.id, file: { id: citizenFile }, kind: 'image' }, tokens.head))],
    ['a photo on the Camat office\'s own report, nested in a follow-up', 'camat', () => directus('/items/complaint_updates', json('POST', {
      complaint: camats.id, kind: 'internal_note', public: false, body: 'Dokumentasi (uji).', media: [{ file: citizenFile, kind: 'image' }],
    }, tokens.camat))],
    ['REST create by the verifikator on a report of DPUPR', 'verifikator', () => directus('/items/complaint_media', json('POST', { complaint: own.id, file: citizenFile, kind: 'image' }, tokens.verifikator))],
  ];

  it.each(attempts)('%s (%s): refused, nothing linked, the file stays unreadable', async (_what, who, attempt) => {
    const r = await attempt();
    refused(r, 403, `${who} linking the citizen's photo`);
    expect(r.body.errors[0].message).toContain('Lampirkan hanya berkas yang Anda unggah sendiri');
    expect(await linksOf(citizenFile)).toEqual([expect.objectContaining({ complaint: victim.id })]);
    // The follow-up that carried the photo was not written either.
    for (const body of ['Foto lokasi (uji).', 'Dokumentasi (uji).']) expect(await written(body), body).toEqual([]);
    for (const reader of ['officer', 'head', 'camat'] as const) await expectUnreadable(reader, citizenFile);
  });

  it("the verifikator may not swap the file of an officer's photo for the citizen's", async () => {
    const r = await directus(`/items/complaint_media/${officerPhotoRow}`, json('PATCH', { file: citizenFile }, tokens.verifikator));
    refused(r, 403, 'verifikator swapping the file');
    expect((await asAdmin<{ data: Row }>(`/items/complaint_media/${officerPhotoRow}?fields=file`)).data.file).toBe(officerFile);
    expect(await linksOf(citizenFile)).toHaveLength(1);
    for (const reader of ['officer', 'head', 'camat'] as const) await expectUnreadable(reader, citizenFile);
    // A caption is still the verifikator's to fix.
    const caption = await directus(`/items/complaint_media/${officerPhotoRow}`, json('PATCH', { caption: 'Sesudah ditambal', file: officerFile }, tokens.verifikator));
    expect(caption.status, JSON.stringify(caption.body)).toBe(200);
  });

  it('a photo attached to one report cannot be attached to another one as well', async () => {
    // The verifikator's own document on the victim's report, then offered to DPUPR's.
    const document = await uploadPng(tokens.verifikator, 'berita-acara');
    const first = await directus('/items/complaint_media', json('POST', { complaint: victim.id, file: document, kind: 'document' }, tokens.verifikator));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    await markCleaned(document);
    const again = await directus<{ errors: Array<{ message: string }> }>('/items/complaint_media', json('POST', { complaint: own.id, file: document, kind: 'document' }, tokens.verifikator));
    refused(again, 400, 'verifikator re-linking a document');
    expect(again.body.errors[0]!.message).toBe('Berkas ini sudah menjadi lampiran di tempat lain. Unggah ulang fotonya untuk melampirkannya di sini.');
    expect(await linksOf(document)).toEqual([expect.objectContaining({ complaint: victim.id })]);
    for (const reader of ['officer', 'head'] as const) await expectUnreadable(reader, document);

    // The officer's own photo, already on a follow-up, on a second follow-up.
    const twice = await directus('/items/complaint_updates', json('POST', {
      complaint: own.id, kind: 'follow_up', public: true, body: 'Foto yang sama (uji).', media: [{ file: officerFile, kind: 'image' }],
    }, tokens.officer));
    refused(twice, 400, 'officer re-linking their photo');
    expect(await linksOf(officerFile)).toHaveLength(1);
    expect(await written('Foto yang sama (uji).')).toEqual([]);
  });

  it.each([['pimpinan'], ['the public']] as const)('%s, who may not add photos at all, learns nothing from the hook', async (who) => {
    // Which report an internal note of the victim belongs to must not come back in a refusal.
    const note = await asAdmin<{ data: Row }>('/items/complaint_updates', { method: 'POST', body: JSON.stringify({ complaint: victim.id, kind: 'internal_note', public: false, body: 'Catatan.' }) });
    const token = who === 'pimpinan' ? tokens.pimpinan : '';
    for (const body of [
      { update: note.data.id, complaint: own.id, kind: 'image' },
      { complaint: own.id, file: citizenFile, kind: 'image' },
    ]) {
      const r = await directus('/items/complaint_media', json('POST', body, token));
      refused(r, 403, `${who} adding a photo`);
      expect(JSON.stringify(r.body)).not.toContain(`#${victim.id}`);
    }
    expect(await linksOf(citizenFile)).toHaveLength(1);
  });
});

/**
 * The computed fields as they stand; not the SLA scan's verdict (n8n may write it any time)
 * nor `pending_transition` (the action clears it just after a move).
 */
const STAMPS = ['verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at',
  'closed_at', 'reopen_count', 'satisfaction', 'kecamatan', 'received_at', 'ticket', 'status'];
const stampsOf = async (id: number) => (await asAdmin<{ data: Row }>(`/items/complaints/${id}?fields=${STAMPS.join(',')}`)).data;
const managedRefusal = (field: string) => `Kolom ${field} diisi otomatis oleh sistem dan tidak dapat diubah secara manual.`;

describe('deadlines and stage times are the system\'s, null included', () => {
  let own: Row;
  let camats: Row;
  let before: Row;

  beforeAll(async () => {
    own = await report(DEMO_KECAMATAN.code, 'DPUPR');
    camats = await report(DEMO_KECAMATAN.code, CAMAT_OFFICE);
    before = await stampsOf(own.id);
    // The report has a clock to stop.
    for (const f of ['verify_due', 'respond_due', 'resolve_due', 'verified_at', 'dispositioned_at']) expect(before[f], f).not.toBeNull();
    expect(before.reopen_count).toBe(0);
  }, 120_000);

  it.each(['respond_due', 'resolve_due', 'verify_due', 'dispositioned_at', 'verified_at', 'reopen_count'])(
    'the officer clearing %s on their own report: 400, unchanged',
    async (field) => {
      const r = await directus<{ errors: Array<{ message: string }> }>(`/items/complaints/${own.id}`, json('PATCH', { [field]: null }, tokens.officer));
      refused(r, 400, `officer clearing ${field}`);
      expect(r.body.errors[0]!.message).toBe(managedRefusal(field));
      expect(await stampsOf(own.id)).toEqual(before);
    },
  );

  const paths: Array<[string, () => Promise<Answer>]> = [
    ['by keys (officer)', () => directus('/items/complaints', json('PATCH', { keys: [own.id], data: { respond_due: null } }, tokens.officer))],
    ['as a batch (officer)', () => directus('/items/complaints', json('PATCH', [{ id: own.id, resolve_due: null }], tokens.officer))],
    ['nested in a new follow-up (officer)', () => directus('/items/complaint_updates', json('POST', {
      complaint: { id: own.id, respond_due: null }, kind: 'follow_up', public: false, body: 'Sedang dikerjakan (uji).',
    }, tokens.officer))],
    ['with a status move (Kepala OPD)', () => directus(`/items/complaints/${own.id}`, json('PATCH', { status: 'in_progress', resolve_due: null }, tokens.head))],
    ['the Camat on the office\'s own report', () => directus(`/items/complaints/${camats.id}`, json('PATCH', { resolve_due: null }, tokens.camat))],
    ['the verifikator', () => directus(`/items/complaints/${own.id}`, json('PATCH', { verify_due: null, respond_due: null }, tokens.verifikator))],
    ['the verifikator setting the citizen\'s rating', () => directus(`/items/complaints/${own.id}`, json('PATCH', { satisfaction: 5 }, tokens.verifikator))],
    ['the verifikator clearing the SLA verdict', () => directus(`/items/complaints/${own.id}`, json('PATCH', { overdue: false, days_late: 0, overdue_stage: null }, tokens.verifikator))],
  ];

  it.each(paths)('%s: 400, nothing changed', async (what, attempt) => {
    const camatsBefore = await stampsOf(camats.id);
    const r = await attempt();
    refused(r, 400, what);
    expect(r.body.errors[0].message).toMatch(/^Kolom .+ diisi otomatis oleh sistem dan tidak dapat diubah secara manual\.$/);
    expect(await stampsOf(own.id)).toEqual(before);
    expect(await stampsOf(camats.id)).toEqual(camatsBefore);
    expect(await written('Sedang dikerjakan (uji).')).toEqual([]);
  });

  it('through GraphQL (officer): refused, unchanged', async () => {
    const r = await gql(tokens.officer, `mutation { update_complaints_item(id: "${own.id}", data: { reopen_count: null, respond_due: null }) { id } }`);
    expect(r.body.errors?.[0]?.message, JSON.stringify(r.body)).toMatch(/diisi otomatis oleh sistem/);
    expect(await stampsOf(own.id)).toEqual(before);
  });

  it("the officer's own move still stamps what the hook computes", async () => {
    const r = await directus(`/items/complaints/${own.id}`, json('PATCH', { status: 'in_progress' }, tokens.officer));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await stampsOf(own.id);
    expect(after.first_response_at).not.toBeNull();
    expect(after).toMatchObject({ respond_due: before.respond_due, resolve_due: before.resolve_due, verify_due: before.verify_due, reopen_count: 0 });
  });
});

describe('only an admin sets where WhatsApp reminders and notices go (wa_phone)', () => {
  it.each(['officer', 'head', 'camat', 'verifikator', 'pimpinan'] as const)('%s cannot change their own wa_phone; the rest of the profile still saves', async (who) => {
    const me = (await directus<{ data: Row }>('/users/me?fields=id,title,wa_phone', { token: tokens[who] })).body.data;
    const stored = async () => (await asAdmin<{ data: Row }>(`/users/${me.id}?fields=wa_phone,title`)).data;
    const was = await stored();
    expect(was.wa_phone, 'the demo seeds give every demo user a number').toMatch(/^\+628/);
    for (const path of ['/users/me', `/users/${me.id}`]) {
      const r = await directus(path, json('PATCH', { wa_phone: '+6289912345678' }, tokens[who]));
      refused(r, 403, `${who} PATCH ${path} wa_phone`);
    }
    expect(await stored()).toEqual(was);
    // The profile page saves what a user may change (here: the title, as it was).
    const saved = await directus(`/users/me`, json('PATCH', { title: was.title }, tokens[who]));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await stored()).toEqual(was);
  });
});
