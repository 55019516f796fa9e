// Against the running stack (KANAL_DIRECTUS_URL / KANAL_DIRECTUS_TOKEN from
// test/e2e/global-setup.ts): apply is idempotent, the live schema matches the
// committed snapshot.json, and the access policies let each role see exactly
// what it should.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_IDS } from './access.ts';
import { applySchema } from './apply.ts';
import { createClient, DirectusRequestError } from './directus-client.ts';
import { checkDrift } from './snapshot.ts';

const url = process.env.KANAL_DIRECTUS_URL ?? 'http://127.0.0.1:8055';
const token = process.env.KANAL_DIRECTUS_TOKEN ?? '';
const admin = createClient({ url, token });

describe('applySchema', () => {
  it('is idempotent: a second run changes nothing', async () => {
    await applySchema({ url, token });
    const second = await applySchema({ url, token });
    expect(second.changes).toEqual([]);
  });

  it('leaves no drift against schema/snapshot.json', async () => {
    const { diff } = await checkDrift({ url, token });
    expect(diff).toEqual([]);
  });

  it('repairs a changed field label on the next run', async () => {
    await admin.patch('/fields/complaints/title', { meta: { note: 'diubah tangan' } });
    const { changes } = await applySchema({ url, token });
    expect(changes).toEqual(['update field complaints.title (meta.note)']);
  });

  // An existing database whose relation differs from the code (an upgrade): Directus 11.17
  // crashed on the PATCH /relations the apply sent, which lacked collection and field, and a
  // PATCH without the schema part recreates the foreign key without its ON DELETE rule.
  it('repairs a changed relation on the next run, keeps its ON DELETE, and Directus keeps running', async () => {
    const rel = { collection: 'complaint_media', field: 'complaint', related_collection: 'complaints', schema: { on_delete: 'CASCADE' } };
    await admin.patch('/relations/complaint_media/complaint', { ...rel, meta: { one_field: null } });
    const { changes } = await applySchema({ url, token });
    expect(changes).toEqual(['update relation complaint_media.complaint (one_field)']);
    const live = await admin.get<{ meta: { one_field: string | null }; schema: { on_delete: string } }>('/relations/complaint_media/complaint');
    expect(live.meta.one_field).toBe('media');
    expect(live.schema.on_delete).toBe('CASCADE');
    expect((await applySchema({ url, token })).changes).toEqual([]);
    expect((await fetch(`${url}/server/health`)).ok).toBe(true);
  });
});

describe('access policies', () => {
  // Unique codes so the test can run against a seeded stack and clean up after itself.
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const reg = { kab: '99.99', kec: '99.99.01', desa: '99.99.01.2001', desa2: '99.99.01.2002', other: '99.99.02' };
  const opd = `T${tag}-OPD`;
  const kec = `T${tag}-KEC`;
  const desaOffice = `T${tag}-DESA`;
  const users: Record<string, { id: string; token: string }> = {};
  const complaintIds: number[] = [];
  let citizenId = '';

  const as = (who: string) => createClient({ url, token: users[who]!.token, retries: 0 });
  const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id).sort((a, b) => a - b);
  const mine = (rows: Array<{ id: number }>) => ids(rows).filter((id) => complaintIds.includes(id));

  beforeAll(async () => {
    await applySchema({ url, token });
    for (const [code, level, parent] of [[reg.kab, 'kabupaten', null], [reg.kec, 'kecamatan', reg.kab], [reg.desa, 'desa', reg.kec], [reg.desa2, 'desa', reg.kec], [reg.other, 'kecamatan', reg.kab]] as const) {
      await admin.post('/items/regions', { code, name: `Uji ${code}`, level, parent }).catch((e: unknown) => {
        if (!(e instanceof DirectusRequestError && e.status === 400)) throw e; // already there from an earlier run
      });
    }
    await admin.post('/items/agencies', { code: opd, name: 'Dinas Uji', short_name: 'DU', kind: 'opd', region: reg.kab });
    await admin.post('/items/agencies', { code: kec, name: 'Kecamatan Uji', short_name: 'KU', kind: 'kecamatan', region: reg.kec });
    await admin.post('/items/agencies', { code: desaOffice, name: 'Pemerintah Desa Uji', short_name: 'Desa Uji', kind: 'desa', region: reg.desa });
    const citizen = await admin.post<{ id: string }>('/items/citizens', { wa_id: `62899${Date.now()}`, phone: '+628990000001', display_name: 'Warga Uji' });
    citizenId = citizen.id;
    // Every report starts as `received` (the bundle's hook); an assigned one walks
    // the real path received -> verified -> dispositioned.
    const mk = async (assigned: string | null, region: string) => {
      const { id } = await admin.post<{ id: number }>('/items/complaints', { description: 'uji', region, reporter: citizenId });
      if (assigned) {
        await admin.patch(`/items/complaints/${id}`, { status: 'verified' });
        await admin.patch(`/items/complaints/${id}`, { status: 'dispositioned', assigned_agency: assigned });
      }
      return id;
    };
    complaintIds.push(await mk(opd, reg.other)); // [0] OPD's
    complaintIds.push(await mk(kec, reg.desa)); // [1] kecamatan office's
    complaintIds.push(await mk(null, reg.desa)); // [2] in the kecamatan, not assigned
    complaintIds.push(await mk(null, reg.other)); // [3] elsewhere
    complaintIds.push(await mk(desaOffice, reg.other)); // [4] the desa office's (located elsewhere: only the agency branch reaches it)
    complaintIds.push(await mk(null, reg.desa2)); // [5] in another desa of the kecamatan
    const mkUser = async (key: string, role: string, agency: string | null, region: string | null) => {
      const t = `test-${key}-${randomUUID()}`;
      const u = await admin.post<{ id: string }>('/users', { email: `${key}-${tag.toLowerCase()}@example.com`, password: randomUUID(), role, agency, region, token: t, status: 'active' });
      users[key] = { id: u.id, token: t };
    };
    await mkUser('officer', ROLE_IDS.opd_officer, opd, null);
    await mkUser('camat', ROLE_IDS.camat, kec, reg.kec);
    await mkUser('kades', ROLE_IDS.kades, desaOffice, reg.desa);
    await mkUser('pimpinan', ROLE_IDS.pimpinan, null, null);
    await mkUser('verifikator', ROLE_IDS.verifikator, null, null);
    await mkUser('service', ROLE_IDS.service, null, null);
  });

  afterAll(async () => {
    for (const u of Object.values(users)) await admin.del(`/users/${u.id}`).catch(() => {});
    for (const id of complaintIds) await admin.del(`/items/complaints/${id}`).catch(() => {});
    if (citizenId) await admin.del(`/items/citizens/${citizenId}`).catch(() => {});
    for (const code of [opd, kec, desaOffice]) await admin.del(`/items/agencies/${code}`).catch(() => {});
  });

  it('an OPD officer sees only reports assigned to their agency, never the reporter', async () => {
    const rows = await as('officer').get<Array<Record<string, unknown> & { id: number }>>('/items/complaints?fields=*&limit=-1');
    expect(mine(rows)).toEqual([complaintIds[0]]);
    expect(rows[0]).not.toHaveProperty('reporter');
    await expect(as('officer').get(`/items/complaints/${complaintIds[0]}?fields=reporter`)).rejects.toThrow(/403/);
  });

  it('an OPD officer may not read citizens, conversations or WhatsApp messages', async () => {
    for (const c of ['citizens', 'conversations', 'wa_messages']) {
      await expect(as('officer').get(`/items/${c}`)).rejects.toThrow(/403/);
    }
    // The files rule uses $FOLLOW(complaint_media,file); it must evaluate, not error.
    await expect(as('officer').get('/files?fields=id')).resolves.toBeInstanceOf(Array);
  });

  it('an OPD officer can change the status of their own report but not of others', async () => {
    await as('officer').patch(`/items/complaints/${complaintIds[0]}`, { status_note: 'diterima dinas' });
    await expect(as('officer').patch(`/items/complaints/${complaintIds[3]}`, { status_note: 'x' })).rejects.toThrow(/403/);
    await expect(as('officer').patch(`/items/complaints/${complaintIds[0]}`, { reporter: null })).rejects.toThrow(/403/);
  });

  it('a Camat sees the office reports plus every report in the kecamatan (region prefix)', async () => {
    const rows = await as('camat').get<Array<{ id: number }>>('/items/complaints?fields=id&limit=-1');
    expect(mine(rows)).toEqual([complaintIds[1], complaintIds[2], complaintIds[5]].sort((a, b) => a! - b!));
    // …but may only update the one assigned to the kecamatan office.
    await as('camat').patch(`/items/complaints/${complaintIds[1]}`, { status_note: 'ok' });
    await expect(as('camat').patch(`/items/complaints/${complaintIds[2]}`, { status_note: 'x' })).rejects.toThrow(/403/);
  });

  it('a Lurah/Kepala Desa sees the desa office reports plus every report in the desa, never another desa or the reporter', async () => {
    const rows = await as('kades').get<Array<Record<string, unknown> & { id: number }>>('/items/complaints?fields=*&limit=-1');
    expect(mine(rows)).toEqual([complaintIds[1], complaintIds[2], complaintIds[4]].sort((a, b) => a! - b!));
    expect(rows.every((r) => !('reporter' in r))).toBe(true);
    await as('kades').patch(`/items/complaints/${complaintIds[4]}`, { status_note: 'ok' });
    await expect(as('kades').patch(`/items/complaints/${complaintIds[2]}`, { status_note: 'x' })).rejects.toThrow(/403/);
    await expect(as('kades').get(`/items/complaints/${complaintIds[5]}?fields=id`)).rejects.toThrow(/403/);
    for (const c of ['citizens', 'conversations', 'wa_messages']) await expect(as('kades').get(`/items/${c}`)).rejects.toThrow(/403/);
  });

  it('Pimpinan reads every report without identity and cannot write', async () => {
    const rows = await as('pimpinan').get<Array<Record<string, unknown> & { id: number }>>('/items/complaints?fields=*&limit=-1');
    expect(mine(rows)).toEqual([...complaintIds].sort((a, b) => a - b));
    expect(rows.every((r) => !('reporter' in r))).toBe(true);
    await expect(as('pimpinan').patch(`/items/complaints/${complaintIds[0]}`, { status_note: 'x' })).rejects.toThrow(/403/);
    const dashboards = await as('pimpinan').get<Array<{ name: string }>>('/dashboards');
    expect(dashboards.map((d) => d.name)).toContain('Dasbor Pimpinan');
  });

  it('a verifikator sees reporters and citizens but cannot delete a report', async () => {
    const row = await as('verifikator').get<{ reporter: string }>(`/items/complaints/${complaintIds[3]}?fields=reporter`);
    expect(row.reporter).toBe(citizenId);
    await expect(as('verifikator').del(`/items/complaints/${complaintIds[3]}`)).rejects.toThrow(/403/);
  });

  it('the n8n service account has no app access but can write intake data', async () => {
    const me = await as('service').get<{ app_access?: boolean }>('/users/me?fields=id');
    expect(me).toBeTruthy();
    const policies = await admin.get<Array<{ app_access: boolean }>>(`/policies?filter[id][_eq]=${'6b1f2a10-0000-4000-8000-000000000106'}`);
    expect(policies[0]?.app_access).toBe(false);
    const wam = await as('service').post<{ id: string }>('/items/wa_messages', { wamid: `wamid.test.${randomUUID()}`, direction: 'in', wa_id: '6281', type: 'text', status: 'received' });
    expect(wam.id).toBeTruthy();
    await admin.del(`/items/wa_messages/${wam.id}`);
    await expect(as('service').del(`/items/complaints/${complaintIds[0]}`)).rejects.toThrow(/403/);
  });

  it('the public has no access to our collections', async () => {
    const anon = createClient({ url, token: 'no-such-token', retries: 0 });
    await expect(anon.get('/items/complaints')).rejects.toThrow(/40[13]/);
    const res = await fetch(`${url}/items/complaints`);
    expect(res.status).toBe(403);
  });
});
