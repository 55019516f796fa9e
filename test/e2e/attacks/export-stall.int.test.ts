// On the SQLite default an officer's CSV export (POST /utils/export, the app's
// "Export Items") held the only database connection in a transaction and then
// waited for a second one (Directus reads the caller's $CURRENT_USER outside
// that transaction): every request stalled until knex gave up, and the export
// failed. SQLite keeps its one connection (so writes never collide), and the
// bundle's export-guard refuses background exports to non-admins there, pointing
// to the list's download, which reads outside a transaction. A throw-away
// Directus on SQLite, as in sqlite-bootstrap.int.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySchema } from '@kanal-aduan/schema';
import { applySeeds, DEMO_USERS, seedDemoReports } from '@kanal-aduan/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecrets } from '../../../scripts/stack/config.ts';
import { startSqliteDirectus } from '../sqlite-directus.ts';
import type { Service } from '../../../scripts/stack/processes.ts';

const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;
const EXPORT_END = /^Your export of .+ (is ready|failed)$/;

describe('a CSV export on SQLite does not stall the API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-sqlite-export-'));
  let directus: Service | undefined;
  let url = '';
  const secrets = loadSecrets(dataDir, {});
  let officerToken = '';
  let verifikatorToken = '';

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as { data?: unknown; errors?: Array<{ message: string }> } | null };
  };
  const login = async (email: string) => {
    const res = await call('', 'POST', '/auth/login', { email, password: secrets.demoPassword });
    expect(res.status).toBe(200);
    return (res.body!.data as { access_token: string }).access_token;
  };
  const endNotices = async () =>
    ((await call(secrets.adminToken, 'GET', `/notifications?limit=-1&fields=subject&filter=${encodeURIComponent(JSON.stringify({ recipient: { _eq: demo('opd_officer').id } }))}`)).body!
      .data as Array<{ subject: string }>).map((n) => n.subject).filter((s) => EXPORT_END.test(s));

  beforeAll(async () => {
    ({ service: directus, url } = await startSqliteDirectus(dataDir, secrets));
    await applySchema({ url, token: secrets.adminToken });
    await applySeeds({ url, token: secrets.adminToken, regencyCode: '16.02', timezone: 'Asia/Jakarta', demoPassword: secrets.demoPassword, serviceToken: secrets.serviceToken });
    await seedDemoReports({ url, token: secrets.adminToken, count: 4, timezone: 'Asia/Jakarta', concurrency: 2 });
    // One report disposed to the officer's agency, so the officer's export has rows to write.
    const admin = secrets.adminToken;
    const sample = ((await call(admin, 'GET', '/items/complaints?limit=1&fields=type,category,region,reporter,channel,locale')).body!.data as Array<Record<string, unknown>>)[0]!;
    const created = await call(admin, 'POST', '/items/complaints?fields=id', { ...sample, title: 'Jalan berlubang', description: 'Jalan desa berlubang besar, mohon diperbaiki.' });
    const id = (created.body!.data as { id: number }).id;
    expect((await call(admin, 'PATCH', `/items/complaints/${id}?fields=id`, { status: 'verified' })).status).toBe(200);
    expect((await call(admin, 'PATCH', `/items/complaints/${id}?fields=id`, { status: 'dispositioned', assigned_agency: demo('opd_officer').agency })).status).toBe(200);
    officerToken = await login(demo('opd_officer').email!);
    verifikatorToken = await login(demo('verifikator').email!);
  });

  afterAll(async () => {
    await directus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the officer sees a report to export', async () => {
    const seen = await call(officerToken, 'GET', '/items/complaints?fields=id&limit=5');
    expect(seen.status).toBe(200);
    expect((seen.body!.data as unknown[]).length).toBeGreaterThan(0);
  });

  it('refuses the officer\'s background export with a pointer to the download, which works, and keeps answering others', async () => {
    const refused = await call(officerToken, 'POST', '/utils/export/complaints', { format: 'csv', query: { limit: -1 } });
    expect(refused.status).toBe(403);
    expect(refused.body!.errors![0]!.message).toMatch(/^Ekspor di latar belakang tidak tersedia.*Unduh/);
    // Another user's read right after is answered (it stalled for 60 s and failed before).
    const other = await call(verifikatorToken, 'GET', '/items/complaints?fields=id,ticket&limit=1');
    expect(other.status).toBe(200);
    // The list's download: the officer's own reports as CSV, at once.
    const download = await fetch(`${url}/items/complaints?export=csv&fields=ticket,status&limit=-1`, { headers: { Authorization: `Bearer ${officerToken}` } });
    expect(download.status).toBe(200);
    const csv = await download.text();
    expect(csv.split('\n')[0]).toMatch(/ticket/);
    expect(csv).toMatch(/ADU-\d{4}-\d{5}/);
    expect(await endNotices()).toEqual([]);
  });

  it('keeps the background export for the admin (no permission lookup, so no second connection)', async () => {
    const started = await call(secrets.adminToken, 'POST', '/utils/export/complaints', { format: 'csv', query: { limit: -1 } });
    expect(started.status).toBeLessThan(300);
    const admin = (await call(secrets.adminToken, 'GET', '/users/me?fields=id')).body!.data as { id: string };
    const notices = async () =>
      ((await call(secrets.adminToken, 'GET', `/notifications?limit=-1&fields=subject&filter=${encodeURIComponent(JSON.stringify({ recipient: { _eq: admin.id } }))}`)).body!
        .data as Array<{ subject: string }>).map((n) => n.subject).filter((s) => EXPORT_END.test(s));
    let seen: string[] = [];
    for (let i = 0; i < 120 && seen.length === 0; i++) {
      seen = await notices();
      if (seen.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(seen).toEqual(['Your export of complaints is ready']);
  });
});
