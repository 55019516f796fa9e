// The permission matrix through the real REST API: for every role,
// every collection of schema/src/access-matrix.ts and every action, log in as
// that role's demo user (@directus/sdk against the Postgres stack), try the
// action on real rows — one created for the purpose, rows inside and outside
// the role's scope — and check that Directus allows or refuses it exactly as
// the matrix says. A read in scope means: in-scope rows are returned by id, by
// list and by count; out-of-scope rows are refused by id, never listed, never
// counted. Writes the verified table to test/artifacts/permission-matrix.md.
import {
  aggregate, createDirectus, createItem, createUser, customEndpoint, deleteFile, deleteItem, deleteUser, login,
  readActivities, readItem, readItems, readRevisions, readSingleton, readUsers, rest, staticToken, updateFile,
  updateItem, updateItems, updateSingleton, updateUser, uploadFiles, readFiles,
} from '@directus/sdk';
import {
  ACCESS_MATRIX, IDENTITY_FIELDS, IDENTITY_READERS, MATRIX_ACTIONS, MATRIX_LEGEND, MATRIX_ROLES, ROLE_IDS, ROLE_LABELS,
  HOOK_SCOPED, CELL_SYMBOLS, notOffered, type Cell, type MatrixAction, type MatrixRole,
} from '@kanal-aduan/schema';
import { DEFAULT_DESK_CODE, DEMO_USERS, SERVICE_USER } from '@kanal-aduan/seeds';
import { SCREENING_STATUSES } from '@kanal-aduan/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from './helpers.ts';

type Key = string | number;
type Row = Record<string, any>;
// The SDK's clients are typed by schema; this test speaks to every collection generically.
type Client = { request: (cmd: any) => Promise<any> };

/** Who a role is: its client and what its scopes are relative to. */
type Who = { role: MatrixRole; client: Client; id: string | null; agency: string | null; region: string | null; desk?: string | null };
/** What a fixture row is relative to the scopes: its report's agency and region, its owner, its kind. */
type Attrs = { agency?: string | null; region?: string | null; user?: string | null; kind?: string; desk?: string | null; status?: string };
type Fixture = { key: Key; attrs: Attrs; patch: Row };

const url = () => env('KANAL_DIRECTUS_URL');
const clientWith = (token: string | null): Client => {
  const c = createDirectus(url()).with(rest());
  return token ? c.with(staticToken(token)) : c;
};

const RUN = Date.now().toString(36).slice(-5).toUpperCase();
let seq = 0;
const next = () => ++seq;
const digits = () => `6289${String(Date.now()).slice(-7)}${String(next()).padStart(3, '0')}`;

// ---------------------------------------------------------------------------
// Outcomes

type Outcome = { ok: true; data: any } | { ok: false; status: number; message: string };
async function attempt(client: Client, cmd: unknown): Promise<Outcome> {
  try {
    return { ok: true, data: await client.request(cmd) };
  } catch (e) {
    const err = e as { response?: Response; message?: string; errors?: unknown };
    if (!err.response) throw e;
    return { ok: false, status: err.response.status, message: err.message || JSON.stringify(err.errors) };
  }
}
/** Directus refuses with 403 (401 for an anonymous request it cannot place). */
const refused = (o: Outcome) => !o.ok && (o.status === 403 || o.status === 401);
/** An action the REST API does not offer answers 404/405 (no route) or 403 (Directus refuses system collections). */
const refusedAs = (collection: string, action: MatrixAction, o: Outcome) =>
  notOffered(collection, action) ? !o.ok && [403, 404, 405].includes(o.status) : refused(o);
const show = (o: Outcome) => (o.ok ? 'allowed' : `HTTP ${o.status} ${o.message}`);

// ---------------------------------------------------------------------------
// Collections: how to address them, how to make a valid row, and which field a harmless update writes back.

const LOGS = new Set(['directus_revisions', 'directus_activity']);
const PK: Record<string, string> = {
  settings: 'id', regions: 'code', agencies: 'code', desks: 'code', sla_policies: 'code', categories: 'code', holidays: 'date',
  message_templates: 'id', ticket_counters: 'period', reminders: 'key', conversation_locks: 'wa_id',
};
const pkOf = (collection: string) => PK[collection] ?? 'id';

const ops = {
  list: (c: string, query: Row) =>
    c === 'directus_users' ? readUsers(query) : c === 'directus_files' ? readFiles(query)
      : c === 'directus_revisions' ? readRevisions(query) : c === 'directus_activity' ? readActivities(query) : readItems(c as never, query),
  one: (c: string, key: Key, query: Row = {}) =>
    c.startsWith('directus_') ? customEndpoint({ path: `/${c.slice(9)}/${key}`, method: 'GET', params: query }) : readItem(c as never, key as never, query),
  count: (c: string, filter: Row) => aggregate(c as never, { aggregate: { count: '*' }, query: { filter } } as never),
  create: (c: string, payload: Row | FormData) =>
    c === 'directus_users' ? createUser(payload as Row) : c === 'directus_files' ? uploadFiles(payload as FormData)
      : LOGS.has(c) ? customEndpoint({ path: `/${c.slice(9)}`, method: 'POST', body: JSON.stringify(payload) }) : createItem(c as never, payload as never),
  update: (c: string, key: Key, payload: Row) =>
    c === 'settings' ? updateSingleton('settings' as never, payload as never)
      : c === 'directus_users' ? updateUser(String(key), payload) : c === 'directus_files' ? updateFile(String(key), payload)
        : LOGS.has(c) ? customEndpoint({ path: `/${c.slice(9)}/${key}`, method: 'PATCH', body: JSON.stringify(payload) }) : updateItem(c as never, key as never, payload as never),
  remove: (c: string, key: Key) =>
    c === 'directus_users' ? deleteUser(String(key)) : c === 'directus_files' ? deleteFile(String(key))
      : LOGS.has(c) ? customEndpoint({ path: `/${c.slice(9)}/${key}`, method: 'DELETE' }) : deleteItem(c as never, key as never),
};

/** The report each role writes follow-ups and media on (in scope), and one of another agency (out of scope). */
const reports = { mine: {} as Record<MatrixRole, number>, other: 0 };
let settingsRow: Row = {};
let complaintB = 0;
/** For the Lurah/Kepala Desa's attacks: a report in another desa of the kecamatan, one in the own desa of another agency, the reporter's phone. */
const desaCase = { otherDesa: 0, ownDesaNotMine: 0, reporterPhone: '', reporter: null as Key | null };

function textFile(name: string): FormData {
  const form = new FormData();
  form.append('title', name);
  form.append('file', new Blob([`uji matriks izin ${name}\n`], { type: 'text/plain' }), `${name}.txt`);
  return form;
}

/** A valid new row of a collection, as `role` would send it (officers write on their own report). */
function newRow(collection: string, role: MatrixRole = 'admin', onReport?: number): Row | FormData {
  const n = next();
  const report = onReport ?? reports.mine[role] ?? reports.mine.admin;
  switch (collection) {
    case 'settings': { const { id: _id, ...rest } = settingsRow; return rest; }
    case 'regions': return { code: `99.${RUN}.${n}`, name: `Wilayah uji ${n}`, level: 'desa' };
    case 'agencies': return { code: `UJI-${RUN}-${n}`, name: `Dinas Uji ${n}`, short_name: `Uji ${n}`, kind: 'opd', active: false };
    // Switched off: no message is ever filed at it.
    case 'desks': return { code: `UJI-${RUN}-${n}`, name: `Meja uji ${n}`, level: 'desa', active: false, is_default: false };
    case 'sla_policies': return { code: `UJI-${RUN}-${n}`, name: `Kebijakan uji ${n}`, verify_days: 3, respond_days: 5, resolve_days: 14, autoclose_days: 10, return_grace_days: 1 };
    case 'categories': return { code: `UJI-${RUN}-${n}`, name: `Kategori uji ${n}`, active: false };
    case 'routing_rules': return { agency: 'DINKES', priority: -99, active: false, note: `uji matriks ${n}` };
    // Far-future dates (one per n), so no deadline of a real report moves.
    case 'holidays': return { date: `${2099 + Math.floor(n / 336)}-${String((n % 12) + 1).padStart(2, '0')}-${String((Math.floor(n / 12) % 28) + 1).padStart(2, '0')}`, name: `Libur uji ${n}`, kind: 'regional' };
    case 'message_templates': return { id: `uji.${RUN}.${n}.id`, key: `uji.${RUN}.${n}`, locale: 'id', body: 'Halo, ini teks uji.' };
    case 'citizens': { const wa = digits(); return { wa_id: wa, phone: `+${wa}`, display_name: `Warga uji ${n}`, locale: 'id', blocked: false }; }
    case 'conversations': return { wa_id: digits(), state: 'idle', locale: 'id' };
    case 'conversation_locks': return { wa_id: digits(), holder: `uji-${n}`, expires_at: new Date(Date.now() - 60_000).toISOString() };
    case 'wa_messages': return { wamid: `wamid.UJI${RUN}${n}`, direction: 'in', wa_id: digits(), type: 'text', payload: { uji: n }, status: 'received' };
    case 'complaints': return { type: 'pengaduan', category: 'JALAN', description: `Laporan uji matriks izin ${n}.`, region: '16.02', channel: 'admin' };
    case 'ticket_counters': return { period: `U${RUN.slice(-3)}${n.toString(36)}`, last: 0 };
    case 'assignments': return { complaint: reports.other, agency: 'DINKES', active: false };
    // The Pimpinan writes only «Pesan pimpinan» (signed and made public by the policy's presets).
    case 'complaint_updates': return role === 'pimpinan'
      ? { complaint: report, kind: 'leader_message', body: `Pesan pimpinan uji matriks ${n}.` }
      : { complaint: report, kind: 'internal_note', body: `Catatan uji matriks ${n}.`, public: false };
    case 'complaint_media': return { complaint: report, kind: 'document', caption: `Lampiran uji ${n}` };
    // With a citizen, so the identity check sees who booked hidden from the Pimpinan and shown to its readers.
    case 'appointments': return { topic: `Janji temu uji ${n}`, status: 'requested', citizen: desaCase.reporter };
    // Inactive, on a Sunday night: the bot never offers it.
    case 'appointment_slots': return { weekday: 7, start_time: '23:00', place: `Tempat uji ${n}`, quota: 1, active: false };
    case 'reminders': return { key: `${reports.other}:verify:uji${RUN}+${n}`, complaint: reports.other, stage: 'verify', level: `uji+${n}`, status: 'failed' };
    // Delivered already, so the outbox sweep leaves it alone.
    case 'event_outbox': { const at = new Date().toISOString(); return { id: `uji:${RUN}:${n}`, event: 'uji.matriks', payload: { n }, created_at: at, attempts: 1, delivered_at: at }; }
    case 'open311_clients': return { name: `Klien uji ${n}`, active: false, rate_limit_per_minute: 10 };
    // Switched off and without counts, so no routing suggestion ever reads it.
    case 'triage_models': return { active: false, min_confidence: 0.6, note: `Model uji matriks ${n}` };
    case 'directus_users': return { email: `uji.${RUN.toLowerCase()}.${n}@example.com`, password: `Uji-${RUN}-${n}-sandi`, role: ROLE_IDS.pimpinan, status: 'suspended' };
    case 'directus_files': return textFile(`uji-${RUN}-${n}`);
    case 'directus_revisions': return { collection: 'complaints', item: String(report), data: {} };
    case 'directus_activity': return { action: 'create', collection: 'complaints', item: String(report) };
    default: throw new Error(`no row recipe for ${collection}: add one to permission-matrix.int.test.ts`);
  }
}

/** The field a harmless update writes back with its current value. */
const PATCH_FIELD: Record<string, string> = {
  settings: 'instance_name', regions: 'name', agencies: 'name', desks: 'name', sla_policies: 'name', categories: 'name', routing_rules: 'note',
  holidays: 'name', message_templates: 'body', citizens: 'display_name', conversations: 'state', conversation_locks: 'holder',
  wa_messages: 'type', complaints: 'status_note', ticket_counters: 'last', assignments: 'return_reason', complaint_updates: 'body',
  complaint_media: 'caption', appointments: 'topic', appointment_slots: 'place', reminders: 'level', event_outbox: 'event', directus_users: 'first_name',
  directus_files: 'title', directus_revisions: 'collection', directus_activity: 'collection', open311_clients: 'note', triage_models: 'note',
};

// ---------------------------------------------------------------------------
// Scopes (access-matrix.ts) as predicates on the fixture rows

function inScope(cell: Cell, who: Who, a: Attrs): boolean {
  switch (cell) {
    case 'all': return true;
    case 'none': return false;
    case 'own_user': return a.user != null && a.user === who.id;
    case 'own_agency': return (a.agency != null && a.agency === who.agency) || (a.user != null && a.user === who.id);
    // The same rule for both: the user's region is a kecamatan (Camat) or a desa (Lurah/Kepala Desa).
    case 'own_kecamatan':
    case 'own_desa': return inScope('own_agency', who, a) || (!!who.region && !!a.region && a.region.startsWith(who.region));
    // The Tim Meja Pengaduan: its desk's reports while new (core SCREENING_STATUSES), and their children.
    case 'own_desk_new': return !!who.desk && a.desk === who.desk && (SCREENING_STATUSES as readonly string[]).includes(a.status ?? '');
    case 'no_citizen_messages': return a.kind !== 'citizen_message';
    case 'citizen_messages': return a.kind === 'citizen_message';
  }
}

// ---------------------------------------------------------------------------
// Setup: clients, reports in and out of each scope, and their children

const admin = () => clientWith(env('KANAL_DIRECTUS_TOKEN'));
const whos = {} as Record<MatrixRole, Who>;
const fixtures: Record<string, Fixture[]> = {};
const created: Array<[string, Key]> = [];
const keyOf = (collection: string, row: Row | string) => (typeof row === 'object' ? row[pkOf(collection)] : row) as Key;

async function adminCreate(collection: string, payload: Row | FormData): Promise<Key> {
  const res = await admin().request(ops.create(collection, payload));
  const key = keyOf(collection, collection === 'directus_files' && Array.isArray(res) ? res[0] : res);
  created.push([collection, key]);
  return key;
}

/** Reads each fixture's current value of its patch field, so updates write back what is there. */
async function withPatches(collection: string, rows: Array<{ key: Key; attrs: Attrs }>): Promise<Fixture[]> {
  const field = PATCH_FIELD[collection]!;
  const pk = pkOf(collection);
  const current: Row[] = collection === 'settings'
    ? [await admin().request(readSingleton('settings' as never))]
    : await admin().request(ops.list(collection, { filter: { [pk]: { _in: rows.map((r) => r.key) } }, fields: [pk, field], limit: -1 }));
  return rows.map((r) => {
    const row = collection === 'settings' ? current[0] : current.find((c) => String(c[pk]) === String(r.key));
    if (!row) throw new Error(`fixture ${collection}/${r.key} not readable by admin`);
    return { ...r, patch: { [field]: row[field] ?? null } };
  });
}

beforeAll(async () => {
  const a = admin();
  const me = await a.request(customEndpoint<Row>({ path: '/users/me', method: 'GET', params: { fields: ['id'] } }));
  const kec = DEMO_USERS.find((u) => u.role === 'camat')!;
  const kades = DEMO_USERS.find((u) => u.role === 'kades')!;
  // Another desa of the Camat's kecamatan than the Kepala Desa's own.
  const [desa] = await a.request(readItems('regions' as never, { filter: { parent: { _eq: kec.region }, code: { _neq: kades.region } }, fields: ['code'], limit: 1 } as never)) as Row[];
  const [elsewhere] = await a.request(readItems('regions' as never, { filter: { level: { _eq: 'kecamatan' }, code: { _neq: kec.region } }, fields: ['code'], limit: 1 } as never)) as Row[];
  if (!desa || !elsewhere) throw new Error('the seeded regions have no desa in the demo kecamatan or no second kecamatan');

  // Clients: admin by its token, people by logging in (SDK), the service by its static token, the public by nothing.
  whos.admin = { role: 'admin', client: a, id: me.id, agency: null, region: null };
  for (const u of DEMO_USERS) {
    const auth = await createDirectus(url()).with(rest()).request(login({ email: u.email, password: env('KANAL_DEMO_PASSWORD') }, { mode: 'json' }));
    whos[u.role as MatrixRole] = { role: u.role as MatrixRole, client: clientWith(auth.access_token!), id: u.id, agency: u.agency, region: u.region, desk: u.desk };
  }
  whos.service = { role: 'service', client: clientWith(env('KANAL_SERVICE_TOKEN')), id: SERVICE_USER.id, agency: null, region: null };
  whos.public = { role: 'public', client: clientWith(null), id: null, agency: null, region: null };
  for (const r of MATRIX_ROLES) if (!whos[r]) throw new Error(`no demo user for ${r}`);

  // Reports: DPUPR's (the OPD demo users'), DINKES's elsewhere, DINKES's inside the Camat's
  // kecamatan (another desa than the Kepala Desa's), the kecamatan office's own (no region: only
  // the agency branch reaches it), DINKES's inside the Kepala Desa's desa (read, never write) and
  // the desa office's own (no region).
  const reporter = await adminCreate('citizens', newRow('citizens'));
  desaCase.reporter = reporter;
  const mk = async (agency: string, region: string | null) => {
    const id = Number(await adminCreate('complaints', { ...(newRow('complaints') as Row), region, reporter, status_note: `uji matriks ${agency}` }));
    await a.request(updateItem('complaints' as never, id as never, { status: 'verified' } as never));
    await a.request(updateItem('complaints' as never, id as never, { status: 'dispositioned', assigned_agency: agency } as never));
    // Filed with no desk: the hook puts it at the default (kabupaten) desk.
    return { key: id, attrs: { agency, region, desk: DEFAULT_DESK_CODE, status: 'dispositioned' } as Attrs };
  };
  // Reports of the intake desks, for the Tim Meja Pengaduan: its own desk's new one (in scope),
  // the kabupaten desk's new one and its own desk's dispositioned one (out of scope).
  const deskTeam = DEMO_USERS.find((u) => u.role === 'desk_team')!;
  const mkAtDesk = async (desk: string, dispose: string | null) => {
    const id = Number(await adminCreate('complaints', { ...(newRow('complaints') as Row), reporter, desk, status_note: `uji matriks meja ${desk}` }));
    if (dispose) {
      await a.request(updateItem('complaints' as never, id as never, { status: 'verified' } as never));
      await a.request(updateItem('complaints' as never, id as never, { status: 'dispositioned', assigned_agency: dispose } as never));
    }
    return { key: id, attrs: { agency: dispose, region: '16.02', desk, status: dispose ? 'dispositioned' : 'received' } as Attrs };
  };
  const complaints = [
    await mk('DPUPR', elsewhere.code),
    await mk('DINKES', elsewhere.code),
    await mk('DINKES', desa.code),
    await mk(kec.agency!, null),
    await mk('DINKES', kades.region),
    await mk(kades.agency!, null),
    await mkAtDesk(deskTeam.desk!, null),
    await mkAtDesk(DEFAULT_DESK_CODE, null),
    await mkAtDesk(deskTeam.desk!, 'DINKES'),
  ];
  const [cA, cB, cK, cO, cD, cV, cS] = complaints.map((c) => c.key as number);
  complaintB = cB!;
  reports.other = cB!;
  for (const r of MATRIX_ROLES) reports.mine[r] = cA!;
  reports.mine.camat = cO!;
  reports.mine.kades = cV!;
  reports.mine.desk_team = cS!;
  desaCase.otherDesa = cK!;
  desaCase.ownDesaNotMine = cD!;
  desaCase.reporterPhone = ((await a.request(readItem('citizens' as never, reporter as never, { fields: ['phone'] } as never))) as Row).phone as string;
  fixtures.complaints = await withPatches('complaints', complaints);

  const attrsOf = (complaint: number) => complaints.find((c) => c.key === complaint)!.attrs;
  const updates = [];
  for (const c of complaints) {
    const key = await adminCreate('complaint_updates', newRow('complaint_updates', 'admin', c.key as number));
    updates.push({ key, attrs: { ...c.attrs, kind: 'internal_note' } });
  }
  const said = await adminCreate('complaint_updates', { complaint: cA, kind: 'citizen_message', body: 'Jawaban warga (uji).', public: false });
  updates.push({ key: said, attrs: { ...attrsOf(cA!), kind: 'citizen_message' } });
  fixtures.complaint_updates = await withPatches('complaint_updates', updates);

  // A file per report (its photo) and one uploaded by each role that may own uploads.
  const files = [];
  const media = [];
  for (const c of complaints) {
    const file = await adminCreate('directus_files', textFile(`foto-${c.key}`));
    files.push({ key: file, attrs: { ...c.attrs, user: me.id } });
    const m = await adminCreate('complaint_media', { ...(newRow('complaint_media', 'admin', c.key as number) as Row), file });
    media.push({ key: m, attrs: c.attrs });
  }
  // `uploaded_by` is set from the uploader; admins may correct it, which stands in for each role's own upload.
  for (const r of ['verifikator', 'opd_officer', 'opd_head', 'camat', 'kades', 'service'] as const) {
    const file = await adminCreate('directus_files', textFile(`unggahan-${r}`));
    await a.request(updateFile(String(file), { uploaded_by: whos[r].id }));
    files.push({ key: file, attrs: { user: whos[r].id } });
  }
  fixtures.directus_files = await withPatches('directus_files', files);
  fixtures.complaint_media = await withPatches('complaint_media', media);

  // The disposition wrote each report's assignment in its own transaction: it is there once the PATCH answered.
  const assignments = [];
  // (The desks' new reports are not dispositioned yet: no assignment.)
  for (const c of complaints.filter((x) => x.attrs.status === 'dispositioned')) {
    const [row] = (await a.request(readItems('assignments' as never, { filter: { complaint: { _eq: c.key } }, fields: ['id', 'agency'], limit: 1 } as never))) as Row[];
    if (!row) throw new Error(`report ${c.key} has no assignment right after its disposition`);
    assignments.push({ key: row.id as Key, attrs: { ...c.attrs, agency: row.agency as string } });
  }
  fixtures.assignments = await withPatches('assignments', assignments);

  fixtures.directus_users = await withPatches('directus_users', [
    { key: me.id, attrs: { user: me.id } },
    ...[...DEMO_USERS, SERVICE_USER].map((u) => ({ key: u.id, attrs: { user: u.id, agency: u.agency } })),
  ]);

  // Activity: each person's own login, and the admin's writes above.
  const activity = [];
  for (const id of [me.id, ...DEMO_USERS.map((u) => u.id)]) {
    const [row] = (await a.request(readActivities({ filter: { user: { _eq: id } }, sort: ['-id'], limit: 1, fields: ['id'] }))) as Row[];
    if (!row) throw new Error(`no activity of user ${id}`);
    activity.push({ key: row.id as Key, attrs: { user: id } });
  }
  fixtures.directus_activity = await withPatches('directus_activity', activity);
  const revisions = (await a.request(readRevisions({ filter: { collection: { _in: ['citizens', 'complaints'] }, item: { _in: [String(reporter), String(cA)] } }, fields: ['id'], limit: 2 }))) as Row[];
  fixtures.directus_revisions = await withPatches('directus_revisions', revisions.map((r) => ({ key: r.id as Key, attrs: {} })));

  settingsRow = await a.request(readSingleton('settings' as never));
  fixtures.settings = await withPatches('settings', [{ key: settingsRow.id as Key, attrs: {} }]);

  // Every other collection: two rows made for the test.
  for (const collection of Object.keys(ACCESS_MATRIX)) {
    if (fixtures[collection]) continue;
    const rows = [];
    for (let i = 0; i < 2; i++) rows.push({ key: await adminCreate(collection, newRow(collection)), attrs: {} });
    fixtures[collection] = await withPatches(collection, rows);
  }
}, 300_000);

afterAll(async () => {
  // Children before parents; reports last (their history and assignments cascade).
  const order = (c: string) => (c === 'complaints' ? 3 : c === 'citizens' || c === 'directus_files' ? 2 : 1);
  const rows = [...created].sort((x, y) => order(x[0]) - order(y[0]));
  for (const [collection, key] of rows) await attempt(admin(), ops.remove(collection, key));
}, 300_000);

// ---------------------------------------------------------------------------
// The checks, one per cell

type Verdict = { role: MatrixRole; collection: string; action: MatrixAction; expected: Cell; problems: string[] };

async function checkRead(who: Who, collection: string, cell: Cell): Promise<string[]> {
  const problems: string[] = [];
  const rows = fixtures[collection]!;
  const pk = pkOf(collection);
  const filter = { [pk]: { _in: rows.map((r) => r.key) } };
  if (collection === 'settings') {
    const o = await attempt(who.client, readSingleton('settings' as never));
    if (cell === 'none' ? !refused(o) : !o.ok) problems.push(`read settings: ${show(o)}`);
    return problems;
  }
  const list = await attempt(who.client, ops.list(collection, { filter, fields: [pk], limit: -1 }));
  const count = await attempt(who.client, ops.count(collection, filter));
  if (cell === 'none') {
    if (!refused(list)) problems.push(`list: ${show(list)}`);
    if (!refused(count)) problems.push(`count: ${show(count)}`);
    const one = await attempt(who.client, ops.one(collection, rows[0]!.key, { fields: [pk] }));
    if (!refused(one)) problems.push(`read ${rows[0]!.key}: ${show(one)}`);
    return problems;
  }
  const want = rows.filter((r) => inScope(cell, who, r.attrs)).map((r) => String(r.key)).sort();
  if (want.length === 0 || (cell !== 'all' && want.length === rows.length)) problems.push(`fixtures cannot tell ${cell} apart (${want.length}/${rows.length} in scope)`);
  if (!list.ok) problems.push(`list: ${show(list)}`);
  else {
    const got = (list.data as Row[]).map((r) => String(r[pk])).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`list returned ${got.join(',')} instead of ${want.join(',')}`);
  }
  if (!count.ok) problems.push(`count: ${show(count)}`);
  else if (Number((count.data as Row[])[0]?.count) !== want.length) problems.push(`count ${JSON.stringify(count.data)} instead of ${want.length}`);
  if (cell !== 'all') {
    for (const r of rows) {
      const one = await attempt(who.client, ops.one(collection, r.key, { fields: [pk] }));
      const expectOk = want.includes(String(r.key));
      if (expectOk ? !one.ok : !refused(one)) problems.push(`read ${r.key} (${expectOk ? 'in' : 'out of'} scope): ${show(one)}`);
    }
  }
  // Identity: asking for the reporter by name gets nothing to everyone but its readers
  // (Directus 11 refuses the field with 403, or leaves it out of the answer).
  for (const field of IDENTITY_FIELDS[collection] ?? []) {
    const key = rows.find((r) => want.includes(String(r.key)))!.key;
    const asked = await attempt(who.client, ops.one(collection, key, { fields: [pk, `${field}.*`] }));
    const readers = IDENTITY_READERS.includes(who.role);
    const hidden = refused(asked) || (asked.ok && asked.data[field] == null);
    if (readers ? !asked.ok || asked.data[field] == null : !hidden) problems.push(`read ${collection}.${field}: ${show(asked)}`);
    if (!readers) {
      const star = await attempt(who.client, ops.one(collection, key, { fields: ['*'] }));
      if (!star.ok || field in star.data) problems.push(`fields=* ${star.ok ? `includes ${field}` : show(star)}`);
    }
  }
  return problems;
}

async function checkCreate(who: Who, collection: string, cell: Cell): Promise<string[]> {
  const problems: string[] = [];
  const tryCreate = async (payload: Row | FormData, expectOk: boolean, label: string) => {
    const o = await attempt(who.client, ops.create(collection, payload));
    if (o.ok) {
      const row = collection === 'directus_files' && Array.isArray(o.data) ? o.data[0] : o.data;
      // A create the role may not read back answers 204 (no body): find what it made through the admin.
      if (row) created.push([collection, keyOf(collection, row)]);
    }
    if (expectOk ? !o.ok : !refusedAs(collection, 'create', o)) problems.push(`${label}: ${show(o)}`);
  };
  await tryCreate(newRow(collection, who.role), cell !== 'none', 'create');
  const hook = HOOK_SCOPED.some((h) => h.collection === collection && h.action === 'create' && h.roles.includes(who.role));
  if (hook && cell !== 'none') await tryCreate(newRow(collection, who.role, complaintB), false, `create on report ${complaintB} of another agency`);
  return problems;
}

async function checkUpdate(who: Who, collection: string, cell: Cell): Promise<string[]> {
  const problems: string[] = [];
  for (const r of fixtures[collection]!) {
    const expectOk = inScope(cell, who, r.attrs);
    const o = await attempt(who.client, ops.update(collection, r.key, r.patch));
    const ok = expectOk ? o.ok : refusedAs(collection, 'update', o);
    if (!ok) problems.push(`update ${r.key} (${expectOk ? 'in' : 'out of'} scope): ${show(o)}`);
    if (cell === 'none') break; // one refusal is enough; the rest would only repeat it
  }
  return problems;
}

async function checkDelete(who: Who, collection: string, cell: Cell): Promise<string[]> {
  if (cell !== 'all' && cell !== 'none') return [`no recipe for a scoped delete (${cell})`];
  const key = LOGS.has(collection) ? fixtures[collection]![0]!.key
    : collection === 'settings' ? await secondSettingsRow()
      : await adminCreate(collection, newRow(collection));
  const o = await attempt(who.client, ops.remove(collection, key));
  const ok = cell === 'all' ? o.ok : refusedAs(collection, 'delete', o);
  if (collection === 'settings' && !o.ok) await admin().request(ops.remove(collection, key));
  return ok ? [] : [`delete ${key}: ${show(o)}`];
}

/**
 * A disposable second row of the `settings` singleton: the REST API creates
 * none (POST answers 404), so it goes in through SQL. It lives only while one
 * delete is tried, after every other cell has run.
 */
async function secondSettingsRow(): Promise<Key> {
  const db = new pg.Client({ connectionString: env('KANAL_PG_URL') });
  await db.connect();
  try {
    const res = await db.query<{ id: number }>(
      'INSERT INTO settings (instance_name, regency_code, timezone) VALUES ($1, $2, $3) RETURNING id',
      [`Uji matriks ${RUN}`, '99.99', 'Asia/Jakarta'],
    );
    return res.rows[0]!.id;
  } finally {
    await db.end();
  }
}

async function pool<T>(tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let i = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (i < tasks.length) {
      const n = i++;
      out[n] = await tasks[n]!();
    }
  }));
  return out;
}

function renderVerified(verdicts: Verdict[]): string {
  const head = `| collection | ${MATRIX_ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`;
  const rule = `|---|${MATRIX_ROLES.map(() => '---').join('|')}|`;
  const lines = Object.keys(ACCESS_MATRIX).map((collection) => {
    const cells = MATRIX_ROLES.map((role) => MATRIX_ACTIONS.map((action) => {
      const v = verdicts.find((x) => x.role === role && x.collection === collection && x.action === action);
      if (!v) return '?';
      const mark = v.problems.length ? '‼' : '';
      const hook = v.expected !== 'none' && HOOK_SCOPED.some((h) => h.collection === collection && h.action === action && h.roles.includes(role)) ? '†' : '';
      const hidden = action === 'read' && v.expected !== 'none' && IDENTITY_FIELDS[collection] && !IDENTITY_READERS.includes(role) ? '*' : '';
      return `${mark}${CELL_SYMBOLS[v.expected]}${hook}${hidden}`;
    }).join(' '));
    return `| \`${collection}\` | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}

describe('the permission matrix, verified through the REST API as each role', () => {
  it('allows and refuses every cell exactly as access-matrix.ts says', async () => {
    const started = Date.now();
    const tasks: Array<() => Promise<Verdict>> = [];
    for (const collection of Object.keys(ACCESS_MATRIX)) {
      for (const role of MATRIX_ROLES) {
        for (const action of MATRIX_ACTIONS) {
          if (collection === 'settings' && action === 'delete') continue; // after the others, one at a time
          const expected = ACCESS_MATRIX[collection]![role][MATRIX_ACTIONS.indexOf(action)]!;
          const check = { create: checkCreate, read: checkRead, update: checkUpdate, delete: checkDelete }[action];
          tasks.push(async () => {
            let problems: string[];
            try {
              problems = await check(whos[role], collection, expected);
            } catch (e) {
              problems = [`threw ${(e as Error).message}`];
            }
            return { role, collection, action, expected, problems };
          });
        }
      }
    }
    const verdicts = await pool(tasks, 6);
    for (const role of MATRIX_ROLES) {
      const expected = ACCESS_MATRIX.settings![role][3]!;
      verdicts.push({ role, collection: 'settings', action: 'delete', expected, problems: await checkDelete(whos[role], 'settings', expected) });
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const failures = verdicts.filter((v) => v.problems.length).map((v) => `${v.role} ${v.collection}.${v.action} (expected ${v.expected}): ${v.problems.join('; ')}`);
    mkdirSync('test/artifacts', { recursive: true });
    writeFileSync('test/artifacts/permission-matrix.md', [
      '# Permission matrix as verified',
      '',
      `Verified by test/e2e/permission-matrix.int.test.ts on ${new Date().toISOString()}: ${verdicts.length} cells`,
      `(${MATRIX_ROLES.length} roles × ${Object.keys(ACCESS_MATRIX).length} collections × 4 actions) against Directus on Postgres in ${seconds} s;`,
      `${failures.length} cells differ from schema/src/access-matrix.ts${failures.length ? ' (marked ‼)' : ''}.`,
      '',
      renderVerified(verdicts),
      '',
      MATRIX_LEGEND,
      ...(failures.length ? ['', '## Differences', '', ...failures.map((f) => `- ${f}`)] : []),
      '',
    ].join('\n'));
    console.log(`[permission-matrix] ${verdicts.length} cells in ${seconds} s, ${failures.length} differ`);
    expect(failures).toEqual([]);
  }, 900_000);

  // The checks themselves can fail: a matrix that is wrong in any direction is caught.
  it.each([
    ['opd_officer', 'complaints', 'read', 'all', 'an officer sees only the agency\'s reports'],
    ['opd_officer', 'complaints', 'update', 'none', 'an officer does update own reports'],
    ['camat', 'complaints', 'update', 'own_kecamatan', 'the Camat only reads the kecamatan\'s other reports'],
    ['kades', 'complaints', 'read', 'own_agency', 'the Kepala Desa also reads the desa\'s other reports'],
    ['kades', 'complaints', 'update', 'own_desa', 'the Kepala Desa only reads the desa\'s other reports'],
    ['desk_team', 'complaints', 'read', 'all', 'the desk team reads only its own desk\'s new reports'],
    ['desk_team', 'complaint_updates', 'read', 'none', 'the desk team reads the history of its desk\'s new reports'],
    ['opd_head', 'directus_users', 'read', 'own_user', 'a head also sees the agency\'s officers'],
    ['pimpinan', 'complaint_updates', 'read', 'all', 'citizen messages are hidden from pimpinan'],
    ['service', 'assignments', 'create', 'all', 'the service may not write assignments'],
    ['verifikator', 'citizens', 'delete', 'all', 'citizens are never deleted'],
    ['public', 'regions', 'read', 'all', 'the public reads no collection'],
  ] as const)('notices a wrong cell: %s %s.%s as %s (%s)', async (role, collection, action, wrong, _why) => {
    const check = { create: checkCreate, read: checkRead, update: checkUpdate, delete: checkDelete }[action];
    expect(await check(whos[role], collection, wrong)).not.toEqual([]);
  });
});

// The Lurah/Kepala Desa as an attacker: what the matrix's generic checks do not spell out.
describe('the Lurah/Kepala Desa reaches only the own desa, never the reporter', () => {
  const kades = () => whos.kades.client;

  it('cannot read a report of another desa of the same kecamatan, by id, by list or by a filter on its region', async () => {
    expect(refused(await attempt(kades(), readItem('complaints' as never, desaCase.otherDesa as never, { fields: ['id'] } as never)))).toBe(true);
    const region = fixtures.complaints!.find((c) => c.key === desaCase.otherDesa)!.attrs.region!;
    const listed = await attempt(kades(), readItems('complaints' as never, { filter: { region: { _eq: region } }, fields: ['id'], limit: -1 } as never));
    expect(listed.ok && (listed.data as Row[]).length).toBe(0);
    // A prefix one digit short of the own desa's code is still only the own desa's reports.
    const wide = await attempt(kades(), readItems('complaints' as never, { filter: { region: { _starts_with: whos.kades.region!.slice(0, -1) } }, fields: ['id', 'region'], limit: -1 } as never));
    expect(wide.ok, show(wide)).toBe(true);
    const rows = wide.ok ? (wide.data as Row[]) : [];
    expect(rows.map((r) => r.id)).toContain(desaCase.ownDesaNotMine);
    expect(rows.filter((r) => r.region !== whos.kades.region)).toEqual([]);
  });

  it('reads the own desa\'s report of another agency without the reporter, by field, relation, filter or sort', async () => {
    const key = desaCase.ownDesaNotMine;
    const plain = await attempt(kades(), readItem('complaints' as never, key as never, { fields: ['*'] } as never));
    expect(plain.ok && plain.data.id).toBe(key);
    expect(plain.ok && 'reporter' in plain.data).toBe(false);
    const attempts: Array<[string, Row]> = [
      ['fields reporter.*', { fields: ['id', 'reporter.*'] }],
      ['fields reporter.phone', { fields: ['id', 'reporter.phone'] }],
      ['filter reporter.phone', { fields: ['id'], filter: { reporter: { phone: { _eq: desaCase.reporterPhone } } } }],
      ['filter reporter not null', { fields: ['id'], filter: { reporter: { _nnull: true } } }],
      ['sort reporter', { fields: ['id'], sort: ['reporter'] }],
      ['sort reporter.phone', { fields: ['id'], sort: ['reporter.phone'] }],
    ];
    for (const [label, query] of attempts) {
      const o = await attempt(kades(), readItems('complaints' as never, { ...query, limit: -1 } as never));
      // Refused, or answered without any trace of the reporter.
      const leaked = o.ok && JSON.stringify(o.data).includes(desaCase.reporterPhone.replace('+', ''));
      expect(refused(o) || (o.ok && !leaked && !(o.data as Row[]).some((r) => r.reporter != null)), `${label}: ${show(o)}`).toBe(true);
      // A filter on the reporter must not tell the two answers apart (no oracle): refused, not answered.
      if (label.startsWith('filter')) expect(refused(o), `${label}: ${show(o)}`).toBe(true);
    }
    for (const c of ['citizens', 'conversations', 'wa_messages']) {
      expect(refused(await attempt(kades(), readItems(c as never, { fields: ['*'], limit: 1 } as never))), c).toBe(true);
    }
  });

  it('cannot update by query a report of the own desa that is not assigned to the desa office', async () => {
    const key = desaCase.ownDesaNotMine;
    const before = ((await admin().request(readItem('complaints' as never, key as never, { fields: ['status_note', 'status'] } as never))) as Row);
    const byQuery = await attempt(kades(), updateItems('complaints' as never, { filter: { id: { _eq: key } } } as never, { status_note: 'diubah kades' } as never));
    const byKey = await attempt(kades(), updateItem('complaints' as never, key as never, { status: 'in_progress' } as never));
    expect(refused(byQuery) || (byQuery.ok && (byQuery.data as Row[]).length === 0), show(byQuery)).toBe(true);
    expect(refused(byKey), show(byKey)).toBe(true);
    const after = ((await admin().request(readItem('complaints' as never, key as never, { fields: ['status_note', 'status'] } as never))) as Row);
    expect(after).toEqual(before);
    // Its own office's report it does move (accept), as the Camat's office does.
    const own = await attempt(kades(), updateItem('complaints' as never, reports.mine.kades as never, { status: 'in_progress' } as never));
    expect(own.ok, show(own)).toBe(true);
  });
});
