// Attacker's suite, the "oracle" family: questions whose answer changes with
// data the caller may not read. A confidential reporter's number, a hidden
// citizen message, a colleague's e-mail or a file name must never decide the
// answer a non-admin (or someone without a login) gets.
//
// - Update/delete by query: Directus resolves the rows of
//   `PATCH|DELETE /items/<c>` (and /users, /files, …) with a `query` body
//   without the caller's permissions, so 403 (a row matched) against 204 (none
//   did) spelled out a reporter's number digit by digit. Refused for every
//   non-admin by the bundle's request guard, whatever matches.
// - Relational filters: a condition across a relation is evaluated on related
//   rows the caller may not read (`filter[updates][body]`, `assignments` ->
//   `complaint.description`, `complaint_updates` -> `author.email`). Refused
//   when the related collection has an item rule for the caller.
// - The family in general: every filter path, generated from the live schema
//   (GET /relations, /fields), from each collection a caller reads to an
//   identity field, asked once with the true value and once with a false one:
//   both answers must be the same, so a new relation cannot reopen it.
import { DEMO_USERS } from '@kanal-aduan/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, fileReport, loginAs, uniqueWaId, waitFor } from '../helpers.ts';

type Answer = { status: number; body: any };
type Caller = { name: string; token: string };

const RUN = Date.now().toString(36).slice(-6);
const admin = () => env('KANAL_DIRECTUS_TOKEN');
const callers: Caller[] = [];

const asAdmin = async <T = any>(path: string, init: RequestInit = {}) => {
  const res = await directus<T>(path, { ...init, token: admin() });
  if (res.status >= 300) throw new Error(`admin ${init.method ?? 'GET'} ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const qs = (params: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
/** Only what a client could tell apart: status, error codes, rows. */
const shape = (a: Answer) => ({ status: a.status, errors: a.body?.errors?.map((e: any) => e.extensions?.code), data: a.body?.data ?? null });

// The victim: a citizen, their confidential report (assigned to DPUPR, in the Camat's kecamatan), what they wrote, a photo.
const victim = {
  waId: '', name: `Siti Rahasia ${RUN}`, citizen: '', report: 0, title: '', message: 0, messageBody: '',
  note: 0, file: '', fileName: `ktp-${RUN}.txt`, fileTitle: '', waMessage: 0, returned: 0, returnedSecret: `Deskripsi kembali ${RUN}`,
};
const verifikator = DEMO_USERS.find((u) => u.role === 'verifikator')!;
const created: Array<[string, string | number]> = [];
let adminId = '';

beforeAll(async () => {
  adminId = (await asAdmin<{ data: { id: string } }>('/users/me?fields=id')).data.id;
  for (const u of DEMO_USERS) callers.push({ name: u.role, token: await loginAs(u.email!) });
  callers.push({ name: 'service', token: env('KANAL_SERVICE_TOKEN') }, { name: 'public', token: '' });

  victim.waId = uniqueWaId();
  const report = await fileReport({ waId: victim.waId, name: victim.name, description: `Jalan amblas di depan rumah ${RUN}.` });
  victim.report = report.id;
  victim.title = report['title'];
  victim.citizen = (await asAdmin<{ data: Array<{ id: string }> }>(`/items/citizens?filter[wa_id][_eq]=${victim.waId}&fields=id`)).data[0]!.id;
  await asAdmin(`/items/complaints/${victim.report}`, json('PATCH', { confidential: true, status: 'verified' }));
  await asAdmin(`/items/complaints/${victim.report}`, json('PATCH', { status: 'dispositioned', assigned_agency: 'DPUPR' }));

  victim.messageBody = `nama saya ${victim.name}, HP 0${victim.waId.slice(2)}`;
  victim.message = (await asAdmin<{ data: { id: number } }>('/items/complaint_updates', json('POST', {
    complaint: victim.report, kind: 'citizen_message', body: victim.messageBody, public: false,
  }))).data.id;
  const verifikatorToken = callers.find((c) => c.name === 'verifikator')!.token;
  const note = await directus<{ data: { id: number } }>('/items/complaint_updates', {
    ...json('POST', { complaint: victim.report, kind: 'internal_note', body: `Catatan verifikator ${RUN}` }), token: verifikatorToken,
  });
  if (note.status !== 200) throw new Error(`verifikator note: HTTP ${note.status} ${JSON.stringify(note.body)}`);
  victim.note = note.body.data.id;

  const form = new FormData();
  form.append('title', `Foto KTP ${RUN}`);
  form.append('file', new Blob([`uji ${RUN}\n`], { type: 'text/plain' }), victim.fileName);
  const up = await fetch(`${env('KANAL_DIRECTUS_URL')}/files`, { method: 'POST', headers: { authorization: `Bearer ${admin()}` }, body: form });
  const file = (await up.json()) as { data: { id: string; title: string } };
  victim.file = file.data.id;
  victim.fileTitle = file.data.title;
  created.push(['files', victim.file]);
  await asAdmin('/items/complaint_media', json('POST', { complaint: victim.report, file: victim.file, kind: 'document', caption: 'Lampiran warga' }));
  victim.waMessage = (await asAdmin<{ data: { id: number } }>('/items/wa_messages', json('POST', {
    wamid: `wamid.ORACLE${RUN}`, direction: 'in', wa_id: victim.waId, type: 'text', payload: { text: victim.messageBody }, status: 'received', complaint: victim.report,
  }))).data.id;

  // A report DPUPR returned as "bukan wewenang": the officer keeps the assignment row, not the report.
  const returned = await fileReport({ waId: victim.waId, description: victim.returnedSecret });
  victim.returned = returned.id;
  await asAdmin(`/items/complaints/${victim.returned}`, json('PATCH', { status: 'verified' }));
  await asAdmin(`/items/complaints/${victim.returned}`, json('PATCH', { status: 'dispositioned', assigned_agency: 'DPUPR' }));
  const officer = callers.find((c) => c.name === 'opd_officer')!.token;
  const back = await directus(`/items/complaints/${victim.returned}`, {
    ...json('PATCH', { status: 'verified', status_reason: 'not_authority', status_note: 'Bukan kewenangan DPUPR.' }), token: officer,
  });
  if (back.status >= 300) throw new Error(`officer return: HTTP ${back.status} ${JSON.stringify(back.body)}`);
  await waitFor(async () => (await asAdmin<{ data: unknown[] }>(
    `/items/assignments?${qs({ filter: { complaint: { _eq: victim.returned }, agency: { _eq: 'DPUPR' }, returned_at: { _nnull: true } }, fields: 'id' })}`,
  )).data.length > 0, { what: 'the returned assignment row' });
}, 300_000);

afterAll(async () => {
  for (const [route, key] of created) await directus(`/${route}/${key}`, { method: 'DELETE', token: admin() });
});

/** The same question with a true and a false answer, as one caller. */
async function both(token: string, ask: (value: 'true' | 'false') => [string, RequestInit?]): Promise<[Answer, Answer]> {
  const call = async (v: 'true' | 'false') => {
    const [path, init] = ask(v);
    return directus(path, { ...init, token });
  };
  return [await call('true'), await call('false')];
}

// ---------------------------------------------------------------------------

describe('update and delete by query (no login needed before the fix)', () => {
  type Target = { route: string; filter: (v: 'true' | 'false') => object; data: () => object };
  const targets: Record<string, Target> = {
    "a report's reporter number": {
      route: '/items/complaints',
      filter: (v) => ({ _and: [{ id: { _eq: victim.report } }, { reporter: { wa_id: { _starts_with: v === 'true' ? victim.waId.slice(0, 8) : '6280000' } } }] }),
      data: () => ({ title: victim.title }),
    },
    "a citizen's number": {
      route: '/items/citizens',
      filter: (v) => ({ wa_id: { _eq: v === 'true' ? victim.waId : `${victim.waId}9` } }),
      data: () => ({ display_name: victim.name }),
    },
    "a user's e-mail": {
      route: '/users',
      filter: (v) => ({ email: { _eq: v === 'true' ? verifikator.email : `x.${verifikator.email}` } }),
      data: () => ({ first_name: verifikator.first_name }),
    },
    "a file's name": {
      route: '/files',
      filter: (v) => ({ filename_download: { _eq: v === 'true' ? victim.fileName : `x-${victim.fileName}` } }),
      data: () => ({ title: victim.fileTitle }),
    },
  };

  for (const [what, t] of Object.entries(targets)) {
    for (const method of ['PATCH', 'DELETE'] as const) {
      it(`${method} ${t.route} by query cannot tell ${what}, for every non-admin role and without a login`, async () => {
        for (const c of callers) {
          const [yes, no] = await both(c.token, (v) => [t.route, json(method, method === 'PATCH' ? { query: { filter: t.filter(v) }, data: t.data() } : { query: { filter: t.filter(v) } })]);
          expect(shape(yes), `${c.name}: the same answer whether or not a row matches`).toEqual(shape(no));
          expect(yes.status, `${c.name}: refused`).toBe(403);
          expect(yes.body.errors[0].message, c.name).toMatch(/hanya boleh dilakukan admin/);
        }
      });
    }
  }

  it('the admin keeps update by query; others update by keys (the n8n service account does)', async () => {
    const current = (await asAdmin<{ data: { status_note: string | null } }>(`/items/complaints/${victim.report}?fields=status_note`)).data.status_note;
    const byQuery = await directus<{ data: Array<{ id: number }> }>('/items/complaints?fields=id', {
      ...json('PATCH', { query: { filter: { id: { _eq: victim.report } } }, data: { status_note: current } }), token: admin(),
    });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.data.map((r) => r.id)).toEqual([victim.report]);
    const byKeys = await directus<{ data: Array<{ id: number }> }>('/items/complaints?fields=id', {
      ...json('PATCH', { keys: [victim.report], data: { status_note: current } }), token: env('KANAL_SERVICE_TOKEN'),
    });
    expect(byKeys.status).toBe(200);
    expect(byKeys.body.data.map((r) => r.id)).toEqual([victim.report]);
  });
});

// ---------------------------------------------------------------------------

describe('filters across relations do not reach rows the caller may not read', () => {
  const token = (name: string) => callers.find((c) => c.name === name)!.token;

  it("the Pimpinan cannot read a hidden citizen message through filter[updates][body] (REST and GraphQL)", async () => {
    const digits = victim.waId.slice(2, 9);
    const [yes, no] = await both(token('pimpinan'), (v) =>
      [`/items/complaints?${qs({ filter: { _and: [{ id: { _eq: victim.report } }, { updates: { body: { _contains: v === 'true' ? digits : '9999999' } } }] }, fields: 'id' })}`]);
    expect(shape(yes)).toEqual(shape(no));
    expect(yes.status).toBe(403);
    expect(yes.body.errors[0].message).toMatch(/relasi/);

    const gql = (v: string) => json('POST', { query: `{ complaints(filter: { id: { _eq: ${victim.report} }, updates: { body: { _contains: "${v}" } } }) { id } }` });
    const [gYes, gNo] = await both(token('pimpinan'), (v) => ['/graphql', gql(v === 'true' ? digits : '9999999')]);
    expect(shape(gYes)).toEqual(shape(gNo));
    expect(gYes.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("an officer cannot read a returned report's description through assignments -> complaint (REST, GraphQL, export)", async () => {
    const filter = (v: string) => ({ _and: [{ agency: { _eq: 'DPUPR' } }, { complaint: { description: { _contains: v === 'true' ? victim.returnedSecret : `${victim.returnedSecret} palsu` } } }] });
    const [yes, no] = await both(token('opd_officer'), (v) => [`/items/assignments?${qs({ filter: filter(v), fields: 'id' })}`]);
    expect(shape(yes)).toEqual(shape(no));
    expect(yes.status).toBe(403);

    const [gYes, gNo] = await both(token('opd_officer'), (v) => ['/graphql', json('POST', {
      query: `{ assignments(filter: { complaint: { description: { _contains: ${JSON.stringify(v === 'true' ? victim.returnedSecret : 'tidak ada')} } } }) { id } }`,
    })]);
    expect(shape(gYes)).toEqual(shape(gNo));
    expect(gYes.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The export runs after the answer; the guard refuses before it starts.
    const [eYes, eNo] = await both(token('opd_officer'), (v) => ['/utils/export/assignments', json('POST', { format: 'csv', query: { filter: filter(v), fields: ['id'] } })]);
    expect(shape(eYes)).toEqual(shape(eNo));
    expect(eYes.status).toBe(403);
  });

  it("an officer cannot learn a verifikator's e-mail through complaint_updates -> author", async () => {
    const [yes, no] = await both(token('opd_officer'), (v) => [`/items/complaint_updates?${qs({
      filter: { _and: [{ id: { _eq: victim.note } }, { author: { email: { _starts_with: v === 'true' ? verifikator.email!.slice(0, 5) : 'zzzzz' } } }] }, fields: 'id',
    })}`]);
    expect(shape(yes)).toEqual(shape(no));
    expect(yes.status).toBe(403);
    // Nor by ordering on it.
    expect((await directus(`/items/complaint_updates?${qs({ sort: 'author.email', fields: 'id', limit: 1 })}`, { token: token('opd_officer') })).status).toBe(403);
  });

  it('what the app, the presets and n8n do still works: own fields, reference data, rule-free relations, deep reads', async () => {
    const ok = async (who: string, path: string) => {
      const res = await directus<{ data: unknown[] }>(path, { token: who === 'service' ? env('KANAL_SERVICE_TOKEN') : token(who) });
      expect(res.status, `${who} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.data;
    };
    // n8n finds a citizen's open report by their number (complaint-info-answer) and the last public follow-up (conversation-context).
    expect(await ok('service', `/items/complaints?${qs({ filter: { reporter: { wa_id: { _eq: victim.waId } } }, fields: 'id' })}`)).toContainEqual({ id: victim.report });
    await ok('service', `/items/complaints?${qs({ filter: { id: { _eq: victim.report } }, fields: 'id,updates.body', deep: { updates: { _filter: { public: { _eq: true } }, _sort: ['-date_created'], _limit: 1 } } })}`);
    // The officer's list with related display fields; the Camat's kecamatan through the region tree; the Pimpinan's dashboard grouping.
    expect(await ok('opd_officer', `/items/complaints?${qs({ filter: { status: { _eq: 'dispositioned' } }, sort: 'respond_due', fields: 'id,assigned_agency.short_name,updates.body' })}`)).toContainEqual(expect.objectContaining({ id: victim.report }));
    expect(await ok('camat', `/items/complaints?${qs({ filter: { region: { parent: { _eq: '16.02.05' } } }, fields: 'id' })}`)).toBeInstanceOf(Array);
    await ok('pimpinan', `/items/complaints?${qs({ aggregate: { count: 'id' }, groupBy: 'category' })}`);
    await ok('pimpinan', `/items/complaints?${qs({ filter: { assignments: { agency: { _eq: 'DPUPR' } } }, fields: 'id,count(updates)', limit: 5 })}`);
  });
});

// ---------------------------------------------------------------------------
// The family, generated: every filter path of up to MAX_HOPS relations (the
// field itself included) from a collection a caller reads to an identity
// field, true value against false.

const MAX_HOPS = 2;
type Relation = { collection: string; field: string; related_collection: string | null; meta: { one_field: string | null } | null };
type Edge = { from: string; segment: string; to: string };
type IdentityTarget = { collection: string; field: string; truth: () => unknown; lie: () => unknown; row: () => string | number };

/** One identity field per collection that holds identity (the guard decides per related collection and field). */
const IDENTITY: IdentityTarget[] = [
  { collection: 'citizens', field: 'wa_id', truth: () => victim.waId, lie: () => `${victim.waId}9`, row: () => victim.citizen },
  { collection: 'complaints', field: 'reporter', truth: () => victim.citizen, lie: () => '00000000-0000-4000-8000-000000000000', row: () => victim.report },
  { collection: 'wa_messages', field: 'wa_id', truth: () => victim.waId, lie: () => `${victim.waId}9`, row: () => victim.waMessage },
  { collection: 'complaint_updates', field: 'body', truth: () => victim.messageBody, lie: () => `${victim.messageBody} palsu`, row: () => victim.message },
  { collection: 'directus_users', field: 'email', truth: () => verifikator.email, lie: () => `x.${verifikator.email}`, row: () => verifikator.id },
  { collection: 'directus_files', field: 'filename_download', truth: () => victim.fileName, lie: () => `x-${victim.fileName}`, row: () => victim.file },
];

const routeOf = (collection: string) =>
  collection === 'directus_users' ? '/users' : collection === 'directus_files' ? '/files' : `/items/${collection}`;

/**
 * Relation steps as a filter can take them: many-to-one, one-to-many through its alias, and
 * (where there is no alias) the reverse of a many-to-one by $FOLLOW into a collection that holds identity.
 */
function edgesOf(relations: Relation[]): Edge[] {
  const edges: Edge[] = [];
  const holdsIdentity = new Set(IDENTITY.map((t) => t.collection));
  for (const r of relations) {
    if (!r.related_collection) continue;
    edges.push({ from: r.collection, segment: r.field, to: r.related_collection });
    if (r.meta?.one_field) edges.push({ from: r.related_collection, segment: r.meta.one_field, to: r.collection });
    else if (holdsIdentity.has(r.collection)) edges.push({ from: r.related_collection, segment: `$FOLLOW(${r.collection},${r.field})`, to: r.collection });
  }
  return edges;
}

/** Every path of 0..MAX_HOPS steps from `root` ending in an identity field; back into a collection it passed only by a self-relation (duplicate_of). */
function pathsFrom(root: string, edges: Edge[]): Array<{ segments: string[]; target: IdentityTarget }> {
  const out: Array<{ segments: string[]; target: IdentityTarget }> = [];
  const walk = (at: string, segments: string[], passed: Set<string>) => {
    for (const t of IDENTITY) if (t.collection === at) out.push({ segments: [...segments, t.field], target: t });
    if (segments.length === MAX_HOPS) return;
    for (const e of edges) if (e.from === at && (!passed.has(e.to) || e.from === e.to)) walk(e.to, [...segments, e.segment], new Set([...passed, e.to]));
  };
  walk(root, [], new Set([root]));
  return out;
}

const nest = (segments: string[], leaf: unknown): object =>
  segments.reduceRight<unknown>((inner, seg) => ({ [seg]: inner }), leaf) as object;

describe('generated from the live schema: no filter path to an identity field answers differently for the true value', () => {
  it('every non-admin role and the public get the same answer for the true and a false value on every path', async () => {
    const relations = (await asAdmin<{ data: Relation[] }>('/relations')).data;
    const fields = (await asAdmin<{ data: Array<{ collection: string; field: string; schema: { is_primary_key?: boolean } | null }> }>('/fields')).data;
    const pk = (c: string) => fields.find((f) => f.collection === c && f.schema?.is_primary_key)?.field ?? 'id';
    const edges = edgesOf(relations);
    const roots = [...new Set(edges.map((e) => e.from))].filter((c) => !c.startsWith('directus_') || c === 'directus_users' || c === 'directus_files');

    let asked = 0;
    const leaks: string[] = [];
    for (const caller of callers) {
      // Identity the caller reads directly is not a secret from them (the verifikator reads citizens).
      const hidden: IdentityTarget[] = [];
      for (const t of IDENTITY) {
        const res = await directus<{ data: Record<string, unknown> }>(`${routeOf(t.collection)}/${t.row()}?fields=${t.field}`, { token: caller.token });
        const seen = res.status === 200 && res.body.data?.[t.field] != null;
        if (!seen) hidden.push(t);
      }
      for (const root of roots) {
        const probe = await directus(`${routeOf(root)}?limit=1&fields=${pk(root)}`, { token: caller.token });
        if (probe.status !== 200) continue;
        for (const { segments, target } of pathsFrom(root, edges)) {
          if (!hidden.includes(target)) continue;
          const ask = (value: unknown) => directus(`${routeOf(root)}?${qs({ filter: nest(segments, { _eq: value }), fields: pk(root), limit: 50 })}`, { token: caller.token });
          const [yes, no] = [await ask(target.truth()), await ask(target.lie())];
          asked += 2;
          if (JSON.stringify(shape(yes)) !== JSON.stringify(shape(no))) {
            const data = (r: typeof yes) => (r.body as { data?: unknown } | undefined)?.data ?? r.body;
            leaks.push(`${caller.name}: ${root}.${segments.join('.')} (${yes.status} ${JSON.stringify(data(yes))} vs ${no.status} ${JSON.stringify(data(no))})`);
          }
        }
      }
    }
    console.log(`[query-oracle] ${asked} generated requests over ${roots.length} collections`);
    expect(asked, 'the generator found paths to ask').toBeGreaterThan(50);
    expect(leaks).toEqual([]);
  }, 240_000);
});
