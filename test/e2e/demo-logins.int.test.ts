// Every seeded demo login works through Directus's real /auth/login and sees what
// its role should see — and n8n shows our imported workflow built from our nodes.
import { DEMO_USERS } from '@kanal-aduan/seeds';
import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { directus, loginAs, n8nData } from './helpers.ts';

const user = (role: string) => {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo user for ${role}`);
  return u;
};

describe('demo logins, one per role', () => {
  it.each(DEMO_USERS.map((u) => [u.role, u.email] as const))('%s (%s) can log in and has its role', async (role, email) => {
    const token = await loginAs(email);
    const me = await directus<{ data: { role: string } }>('/users/me?fields=role', { token });
    expect(me.status).toBe(200);
    expect(me.body.data.role).toBe(ROLE_IDS[role as keyof typeof ROLE_IDS]);
  });

  it('only the verifikator may read citizens (the reporter identity)', async () => {
    for (const role of ['opd_officer', 'opd_head', 'camat', 'kades', 'pimpinan'] as const) {
      const token = await loginAs(user(role).email);
      const res = await directus('/items/citizens?limit=1', { token });
      expect(res.status, `${role} must not read citizens`).toBe(403);
    }
    const token = await loginAs(user('verifikator').email);
    expect((await directus('/items/citizens?limit=1', { token })).status).toBe(200);
  });

  it('pimpinan sees Dasbor Pimpinan', async () => {
    const token = await loginAs(user('pimpinan').email);
    const res = await directus<{ data: { name: string }[] }>('/dashboards?fields=name', { token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.name)).toContain('Dasbor Pimpinan');
  });

  it('a wrong password is refused', async () => {
    await expect(loginAs(user('verifikator').email, 'salah-sandi')).rejects.toThrow(/401/);
  });
});

describe('territorial accounts', () => {
  // A Camat reads its kecamatan, a Lurah/Kepala Desa its desa, by the account's region: the wrong level would widen that.
  const camat = user('camat');
  const kades = user('kades');
  type Err = { errors: { message: string; extensions: { code: string } }[] };

  it('refuses a Camat over the whole kabupaten and a Kepala Desa over a kecamatan, saying which level is needed', async () => {
    const made = await directus<Err>('/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'camat.kabupaten@example.com', first_name: 'Uji', role: ROLE_IDS.camat, agency: camat.agency, region: '16.02', status: 'active' }),
    });
    expect(made.status).toBe(400);
    expect(made.body.errors[0]!.message).toBe('Akun Camat harus berwilayah satu kecamatan (kode seperti 16.02.01), bukan 16.02.');
    expect((await directus<{ data: unknown[] }>('/users?filter[email][_eq]=camat.kabupaten@example.com&fields=id')).body.data).toEqual([]);

    const widened = await directus<Err>(`/users/${kades.id}`, { method: 'PATCH', body: JSON.stringify({ region: camat.region }) });
    expect(widened.status).toBe(400);
    expect(widened.body.errors[0]!.message).toMatch(/^Akun Lurah\/Kepala Desa harus berwilayah satu desa atau kelurahan/);
    const cleared = await directus<Err>(`/users/${camat.id}`, { method: 'PATCH', body: JSON.stringify({ region: null }) });
    expect(cleared.status).toBe(400);
    expect(cleared.body.errors[0]!.message).toMatch(/harus punya wilayah/);
    // Through the batch route too, and nothing changed.
    const batch = await directus<Err>('/users', { method: 'PATCH', body: JSON.stringify({ keys: [camat.id], data: { region: '16.02' } }) });
    expect(batch.status).toBe(400);
    const now = await directus<{ data: { id: string; region: string }[] }>(`/users?filter[id][_in]=${camat.id},${kades.id}&fields=id,region&sort=email`);
    expect(Object.fromEntries(now.body.data.map((u) => [u.id, u.region]))).toEqual({ [camat.id]: camat.region, [kades.id]: kades.region });
  });

  it('saves an account of the right level', async () => {
    const ok = await directus<{ data: { region: string } }>(`/users/${camat.id}`, { method: 'PATCH', body: JSON.stringify({ region: camat.region, title: camat.title }) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data.region).toBe(camat.region);
  });
});

describe('n8n', () => {
  it('has the intake workflow active, built from our custom nodes', async () => {
    const data = await n8nData<{ active: boolean; nodes: { type: string }[] }>('/rest/workflows/kaIntake00000001');
    expect(data.active).toBe(true);
    const types = new Set(data.nodes.map((n) => n.type));
    for (const t of ['CUSTOM.whatsAppCloudTrigger', 'CUSTOM.whatsAppCloud', 'CUSTOM.kanalAduan']) expect(types).toContain(t);
  });
});
