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

describe('n8n', () => {
  it('has the intake workflow active, built from our custom nodes', async () => {
    const data = await n8nData<{ active: boolean; nodes: { type: string }[] }>('/rest/workflows/kaIntake00000001');
    expect(data.active).toBe(true);
    const types = new Set(data.nodes.map((n) => n.type));
    for (const t of ['CUSTOM.whatsAppCloudTrigger', 'CUSTOM.whatsAppCloud', 'CUSTOM.kanalAduan']) expect(types).toContain(t);
  });
});
