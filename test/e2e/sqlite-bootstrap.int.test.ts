// The demo runs on SQLite, production on Postgres (the rest of this suite). Here a
// second, throw-away Directus on SQLite gets the same schema and seeds twice: the
// second run must change nothing and the live schema must match the committed
// snapshot, exactly as on Postgres. Then the demo reports of `npm start`, and the
// reports' geometry point through SpatiaLite (installed by the launcher when missing).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySchema, RANKING_TABLES } from '@kanal-aduan/schema';
import { applySeeds, DEMO_EVENT_NOTE, isNoop, seedDemoReports } from '@kanal-aduan/seeds';
import { ROLE_IDS } from '@kanal-aduan/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../schema/src/snapshot.ts';
import { loadSecrets, ROOT } from '../../scripts/stack/config.ts';
import { IntakeChat } from './intake-chat.ts';
import { fileThroughBot } from './sim-chat.ts';
import { startSqliteDirectus } from './sqlite-directus.ts';
import type { Service } from '../../scripts/stack/processes.ts';

// The knex + sqlite3 of the pinned Directus runtime, to look at the demo's database file directly.
const RUNTIME = join(ROOT, 'runtime', 'directus', 'package.json');

describe('bootstrap on SQLite (the npm start default)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanal-sqlite-'));
  let directus: Service | undefined;
  let url = '';
  const secrets = loadSecrets(dataDir, {});
  const seedOpts = () => ({
    url,
    token: secrets.adminToken,
    regencyCode: '16.02',
    timezone: 'Asia/Jakarta',
    demoPassword: secrets.demoPassword,
    serviceToken: secrets.serviceToken,
  });

  beforeAll(async () => {
    ({ service: directus, url } = await startSqliteDirectus(dataDir, secrets));
  });

  afterAll(async () => {
    await directus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the schema once; a second run changes nothing and nothing drifts', async () => {
    const first = await applySchema({ url, token: secrets.adminToken });
    expect(first.changes.length).toBeGreaterThan(100);
    const second = await applySchema({ url, token: secrets.adminToken });
    expect(second.changes).toEqual([]);
    const drift = await checkDrift({ url, token: secrets.adminToken });
    expect(drift.diff).toEqual([]);
  });

  it('has the ranking\'s own tables and triggers after the apply, before any ranking request, and hides them from the Data Model', async () => {
    const knex = createRequire(RUNTIME)('knex')({ client: 'sqlite3', connection: { filename: join(dataDir, 'directus', 'data.db') }, useNullAsDefault: true });
    try {
      const rows: Array<{ type: string; name: string }> = await knex.raw(`SELECT type, name FROM sqlite_master WHERE name LIKE 'ranking_%'`);
      expect(rows.map((r) => `${r.type} ${r.name}`)).toEqual(expect.arrayContaining([
        ...RANKING_TABLES.map((t) => `table ${t}`),
        'trigger ranking_mark_assignment_ins', 'trigger ranking_mark_assignment_upd', 'trigger ranking_mark_assignment_del', 'trigger ranking_mark_complaint',
      ]));
    } finally {
      await knex.destroy();
    }
    const res = await fetch(`${url}/collections`, { headers: { Authorization: `Bearer ${secrets.adminToken}` } });
    const { data } = (await res.json()) as { data: Array<{ collection: string }> };
    expect(data.length).toBeGreaterThan(10);
    expect(data.map((c) => c.collection).filter((c) => c.startsWith('ranking_'))).toEqual([]);
  });

  it('seeds once; a second run changes nothing', async () => {
    const first = await applySeeds(seedOpts());
    expect(first.regions?.created).toBe(347); // OKI: province + regency + 18 kecamatan + 327 desa/kelurahan
    const second = await applySeeds(seedOpts());
    expect(isNoop(second), JSON.stringify(second)).toBe(true);
  });

  it('parks the demo history\'s events, so starting n8n sends nobody news of months-old moves', async () => {
    // Events are on here (KANAL_N8N_URL points at a port nothing listens on): every move is queued and retried.
    const seeded = await seedDemoReports({ url, token: secrets.adminToken, count: 8, timezone: 'Asia/Jakarta', concurrency: 2 });
    expect(seeded.complaints).toBe(8);
    const count = async (filter: object) => {
      const res = await fetch(`${url}/items/event_outbox?aggregate[count]=id&filter=${encodeURIComponent(JSON.stringify(filter))}`, {
        headers: { Authorization: `Bearer ${secrets.adminToken}` },
      });
      const { data } = (await res.json()) as { data: Array<{ count: { id: number | string } }> };
      return Number(data[0]!.count.id);
    };
    expect(await count({ last_error: { _eq: DEMO_EVENT_NOTE } })).toBeGreaterThanOrEqual(8); // at least each report's creation
    expect(await count({ _and: [{ delivered_at: { _null: true } }, { next_attempt_at: { _nnull: true } }] })).toBe(0);
  });

  it('files 20 reports at once and moves them at once on SQLite: every request answers, every ticket and every event once', async () => {
    // Concurrent writers on one file: each request waits for the connection, none fails.
    const admin = { Authorization: `Bearer ${secrets.adminToken}`, 'Content-Type': 'application/json' };
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => null)) as { data?: unknown; errors?: unknown } | null };
    };
    const sample = (await api('GET', '/items/complaints?limit=1&fields=type,category,region,reporter,channel,locale')).body!.data as Array<Record<string, unknown>>;
    const base = sample[0]!;
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      api('POST', '/items/complaints?fields=id,ticket', { ...base, title: `Laporan serentak ${i}`, description: `Jalan rusak di depan rumah nomor ${i}, mohon ditindaklanjuti.` })));
    expect(created.filter((r) => r.status !== 200).map((r) => JSON.stringify(r.body))).toEqual([]);
    const rows = created.map((r) => r.body!.data as { id: number; ticket: string });
    expect(new Set(rows.map((r) => r.ticket)).size).toBe(20);
    expect(rows.every((r) => /^[A-Z]+-\d{4}-\d{5}$/.test(r.ticket))).toBe(true);

    const moved = await Promise.all(rows.map((r) => api('PATCH', `/items/complaints/${r.id}?fields=id`, { status: 'verified' })));
    expect(moved.filter((r) => r.status !== 200).map((r) => JSON.stringify(r.body))).toEqual([]);

    const ids = rows.map((r) => r.id);
    // Each move's event row is written in the move's own transaction: all 40 are there once the PATCHes answered.
    const events = (await api('GET', `/items/event_outbox?limit=-1&fields=complaint,event&filter=${encodeURIComponent(JSON.stringify({ complaint: { _in: ids } }))}`)).body!.data as Array<{ complaint: number; event: string }>;
    for (const id of ids) {
      const mine = events.filter((e) => e.complaint === id).map((e) => e.event);
      expect(mine.length, `${id}: ${mine.join(', ')}`).toBe(new Set(mine).size); // each event once
      expect(mine.length, `${id}: ${mine.join(', ')}`).toBeGreaterThanOrEqual(2); // the creation and the move
    }
  });

  it('gives a report filed with a WhatsApp pin its geometry point, read and filtered through Directus\'s own SQLite geometry support (SpatiaLite)', async () => {
    const pin = { latitude: -3.3951, longitude: 104.8305, name: 'Simpang Sidakersa' };
    const chat = new IntakeChat(url, secrets.serviceToken, `62899${String(Date.now()).slice(-7)}`, 'Warga Peta');
    const ticket = await fileThroughBot(chat, 'Jalan berlubang besar dan dalam di simpang, sudah dua motor jatuh minggu ini, mohon segera ditambal.', pin);
    const admin = { Authorization: `Bearer ${secrets.adminToken}`, 'Content-Type': 'application/json' };
    type Located = { id: number; ticket: string; location: { type: string; coordinates: [number, number] } | null };
    const get = async (path: string, headers: Record<string, string> = admin) => {
      const res = await fetch(`${url}${path}`, { headers });
      const body = (await res.json()) as { data: unknown; errors?: unknown };
      expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
      return body.data;
    };
    const [row] = (await get(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,ticket,location`)) as Located[];
    expect(row?.location, chat.transcript()).toEqual({ type: 'Point', coordinates: [expect.closeTo(pin.longitude, 6), expect.closeTo(pin.latitude, 6)] });

    // A corrected pin moves the point (the trigger keeps it equal to latitude/longitude).
    const patch = (body: unknown) => fetch(`${url}/items/complaints/${row!.id}`, { method: 'PATCH', headers: admin, body: JSON.stringify(body) });
    expect((await patch({ latitude: -3.4, longitude: 104.83 })).status).toBe(200);
    expect(((await get(`/items/complaints/${row!.id}?fields=location`)) as Located).location?.coordinates).toEqual([expect.closeTo(104.83, 6), expect.closeTo(-3.4, 6)]);
    expect((await patch({ latitude: pin.latitude, longitude: pin.longitude, status: 'verified' })).status).toBe(200);

    // The verifikator's "Peta laporan" bookmark (Directus's map layout) and the reads it makes: its own query, and an area filter.
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'verifikator@example.com', password: secrets.demoPassword }) });
    const verifikator = { Authorization: `Bearer ${((await login.json()) as { data: { access_token: string } }).data.access_token}` };
    const [preset] = (await get(`/presets?filter[bookmark][_eq]=${encodeURIComponent('Peta laporan')}&filter[role][_eq]=${ROLE_IDS.verifikator}&fields=layout,layout_query,layout_options,filter`)) as Array<{
      layout: string; layout_query: { map: { fields: string[]; sort: string[]; limit: number } }; layout_options: { map: { geometryField: string } }; filter: unknown;
    }>;
    expect(preset).toMatchObject({ layout: 'map', layout_options: { map: { geometryField: 'location' } } });
    const q = preset!.layout_query.map;
    const shown = (await get(`/items/complaints?fields=${q.fields.join(',')}&sort=${q.sort.join(',')}&limit=${q.limit}&filter=${encodeURIComponent(JSON.stringify(preset!.filter))}`, verifikator)) as Located[];
    expect(shown.find((r) => r.ticket === ticket)?.location?.coordinates).toEqual([expect.closeTo(pin.longitude, 6), expect.closeTo(pin.latitude, 6)]);
    const area = (w: number, s: number, e: number, n: number) =>
      encodeURIComponent(JSON.stringify({ location: { _intersects_bbox: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } } }));
    expect(((await get(`/items/complaints?fields=ticket&limit=-1&filter=${area(104.82, -3.4, 104.84, -3.39)}`, verifikator)) as Located[]).map((r) => r.ticket)).toContain(ticket);
    expect(((await get(`/items/complaints?fields=ticket&limit=-1&filter=${area(106, -7, 107, -6)}`, verifikator)) as Located[]).map((r) => r.ticket)).not.toContain(ticket);

    // The public map still places the verified report at its pin.
    const map = await fetch(`${url}/kanal-aduan/peta/titik?periode=tahun-ini&kategori=JALAN&bbox=104.70,-3.50,104.95,-3.30&z=18`);
    expect(map.status).toBe(200);
    expect(((await map.json()) as { features: Array<{ lat: number; lng: number }> }).features).toContainEqual(expect.objectContaining({ lat: pin.latitude, lng: pin.longitude, count: 1 }));
  });
});
