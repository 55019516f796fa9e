import { isDirectusError } from '@directus/errors';
import { describe, expect, it } from 'vitest';
import type { RouteContext } from '../context.ts';
import { trackBudget } from '../track-limiter.ts';
import { mountTrack, trackRoutes } from './track.ts';

type Query = Record<string, unknown>;
type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => Promise<void> | void;
type Peer = { socket?: string; ip?: string; trust?: unknown };

/** Mounts the routes on a fake router and serves rows from in-memory tables; records every query. */
function serve(
  tables: Record<string, Record<string, unknown>[]>,
  budget?: { points: number; missCost: number; codeAttempts?: number },
) {
  const queries: Array<{ collection: string; query: Query }> = [];
  const ItemsService = class {
    constructor(private collection: string) {}
    async readByQuery(query: Query) {
      queries.push({ collection: this.collection, query });
      const rows = tables[this.collection] ?? [];
      const filter = query['filter'] as Record<string, { _eq?: unknown; _in?: unknown[] }> | undefined;
      return rows.filter((row) => !filter || Object.entries(filter).every(([field, cond]) => ('_in' in cond ? cond._in!.includes(row[field]) : row[field] === cond._eq)));
    }
  };
  const routes = new Map<string, Handler>();
  const router = { get: (path: string, handler: Handler) => routes.set(`GET ${path}`, handler), post: (path: string, handler: Handler) => routes.set(`POST ${path}`, handler) };
  const ctx = { services: { ItemsService }, database: {}, getSchema: async () => ({ collections: {} }), logger: console } as unknown as RouteContext;
  if (budget) {
    mountTrack(router as never, ctx, {
      address: trackBudget({ points: budget.points, durationSeconds: 60 }),
      code: trackBudget({ points: budget.codeAttempts ?? 5, durationSeconds: 900 }),
      missCost: budget.missCost,
    });
  } else trackRoutes(router as never, ctx);

  const call = async (method: 'GET' | 'POST', ticket: string, query: Query, body: unknown, peer: Peer) => {
    let out: unknown;
    let error: unknown;
    const headers: Record<string, string> = {};
    const res = { json: (b: unknown) => { out = b; }, set: (h: string, v: string) => { headers[h] = v; } };
    const req = {
      params: { ticket }, query, body,
      ip: peer.ip ?? peer.socket ?? '203.0.113.7',
      socket: { remoteAddress: peer.socket ?? '203.0.113.7' },
      // Directus 11.17 default: IP_TRUST_PROXY=true, so req.ip is the client's own X-Forwarded-For.
      app: { get: (s: string) => (s === 'trust proxy' ? ('trust' in peer ? peer.trust : true) : undefined) },
      schema: { collections: {} },
    };
    await routes.get(`${method} /track/:ticket`)!(req, res, (e) => { error = e; });
    return { body: out as { data: Record<string, unknown> } | undefined, error, headers };
  };
  return {
    queries,
    get: (ticket: string, query: Query = {}, peer: Peer = {}) => call('GET', ticket, query, undefined, peer),
    post: (ticket: string, body: unknown, peer: Peer = {}) => call('POST', ticket, {}, body, peer),
  };
}

const CODE = 'K7P3XW9A';
const complaint = {
  id: 7,
  ticket: 'ADU-2611-00007',
  status: 'verified',
  confidential: true,
  description: 'Pungli di kantor desa oleh oknum berinisial AB.',
  address: 'Kantor Desa Sukadana',
  latitude: -3.4,
  longitude: 104.8,
  category: { name: 'Pungutan Liar', name_en: 'Illegal levies' },
  region: { code: '16.02.01.2001', name: 'Sukadana', level: 'desa' },
  assigned_agency: { name: 'Inspektorat Daerah', short_name: 'ITDA', kind: 'opd' },
  received_at: '2026-11-02T02:00:00.000Z',
  tracking_code: CODE,
};
const open = {
  ...complaint, id: 8, ticket: 'ADU-2611-00008', confidential: false, tracking_code: 'M4QR8ZT2',
  description: 'Jalan berlubang di depan SD Negeri 3.', address: 'Jl. Merdeka No. 5', latitude: -3.39, longitude: 104.83,
};
const updates = [{ complaint: 8, kind: 'follow_up', public: true, body: 'Tim sudah meninjau lokasi.', date_created: '2026-11-03T01:00:00.000Z' }];

describe('GET /kanal-aduan/track/:ticket (no code)', () => {
  it('shows only the status and the kind of office, and reads nothing else', async () => {
    const app = serve({ complaints: [open], regions: [{ code: '16.02.01', name: 'Kayuagung' }], complaint_updates: updates });
    const { body, error } = await app.get('adu-2611-00008');
    expect(error).toBeUndefined();
    expect(body?.data).toEqual({
      ticket: 'ADU-2611-00008',
      status: { code: 'verified', label: expect.any(String), kind: 'open' },
      office: { kind: 'opd', label: 'OPD (dinas/badan)' },
      detail: false,
    });
    const text = JSON.stringify(body);
    for (const secret of ['Jalan berlubang', 'Merdeka', '104.83', 'Tim sudah', 'Kayuagung', 'Inspektorat', 'Pungutan', CODE, 'M4QR8ZT2']) expect(text).not.toContain(secret);
    expect(app.queries.map((q) => q.collection)).toEqual(['complaints']);
    const fields = app.queries[0]!.query['fields'] as string[];
    expect(fields.some((f) => f.startsWith('reporter'))).toBe(false);
  });

  it('answers 404 with an Indonesian message for an unknown ticket', async () => {
    const { error } = await serve({ complaints: [] }).get('ADU-2611-00099');
    expect(isDirectusError(error, 'NOT_FOUND')).toBe(true);
    expect((error as { status: number }).status).toBe(404);
    expect((error as Error).message).toContain('tidak ditemukan');
  });

  it('refuses what is not a ticket number, without querying', async () => {
    const app = serve({ complaints: [complaint] });
    for (const bad of ['bukan-tiket', 'xxADU-2611-00007', "ADU-2611-00007' OR 1=1"]) {
      const { error } = await app.get(bad);
      expect(isDirectusError(error, 'INVALID_PATH_PARAMETER')).toBe(true);
    }
    expect(app.queries).toEqual([]);
  });

  it('stops a script walking sequential tickets, with a wait time in Indonesian, but not another address', async () => {
    const app = serve({ complaints: [complaint], regions: [], complaint_updates: [] }, { points: 10, missCost: 4 });
    const answers = [];
    for (let n = 1; n <= 4; n += 1) answers.push(await app.get(`ADU-2611-0010${n}`));
    expect(answers.slice(0, 2).map((a) => isDirectusError(a.error) && a.error.status)).toEqual([404, 404]);
    const refused = answers[2]!;
    expect(isDirectusError(refused.error) && refused.error.status).toBe(429);
    expect((refused.error as Error).message).toMatch(/Terlalu banyak permintaan cek laporan.*coba lagi dalam \d+ detik/);
    expect(Number(refused.headers['Retry-After'])).toBeGreaterThan(0);
    const other = await app.get('ADU-2611-00007', {}, { socket: '198.51.100.9' });
    expect(other.error).toBeUndefined();
    expect(other.body?.data['ticket']).toBe('ADU-2611-00007');
  });

  it('a script rotating X-Forwarded-For is still one address (Directus trusts the header by default)', async () => {
    const app = serve({ complaints: [] }, { points: 10, missCost: 4 });
    const statuses = [];
    for (let n = 1; n <= 4; n += 1) {
      const a = await app.get(`ADU-2611-0020${n}`, {}, { socket: '203.0.113.50', ip: `10.9.8.${n}` });
      statuses.push(isDirectusError(a.error) && a.error.status);
    }
    expect(statuses).toEqual([404, 404, 429, 429]);
  });

  it('keys on req.ip once the operator narrowed IP_TRUST_PROXY to their proxy', async () => {
    const app = serve({ complaints: [] }, { points: 10, missCost: 4 });
    // Behind one trusted proxy every citizen arrives from the proxy's socket, told apart by req.ip.
    for (let n = 1; n <= 4; n += 1) {
      const a = await app.get(`ADU-2611-0030${n}`, {}, { socket: '127.0.0.1', ip: `198.51.100.${n}`, trust: 'loopback' });
      expect(isDirectusError(a.error) && a.error.status).toBe(404);
    }
  });
});

describe('POST /kanal-aduan/track/:ticket (with the tracking code)', () => {
  it('with the right code shows the citizen the detail, follow-up and place', async () => {
    const app = serve({ complaints: [open], regions: [{ code: '16.02.01', name: 'Kayuagung' }], complaint_updates: updates });
    const { body, error } = await app.post('ADU-2611-00008', { code: 'm4qr-8zt2' });
    expect(error).toBeUndefined();
    expect(body?.data).toMatchObject({
      ticket: 'ADU-2611-00008',
      detail: true,
      status: { code: 'verified' },
      kecamatan: 'Kayuagung',
      category: 'Pungutan Liar',
      agency: 'Inspektorat Daerah',
      last_follow_up: { body: 'Tim sudah meninjau lokasi.' },
      report: { description: 'Jalan berlubang di depan SD Negeri 3.', address: 'Jl. Merdeka No. 5', location: { latitude: -3.39, longitude: 104.83 } },
    });
    expect(JSON.stringify(body)).not.toContain('M4QR8ZT2');
    const updatesQuery = app.queries.find((q) => q.collection === 'complaint_updates')!.query;
    expect(updatesQuery['filter']).toMatchObject({ kind: { _in: ['follow_up', 'leader_message'] }, public: { _eq: true } });
  });

  it('a joined report names the report it follows and where that one stands', async () => {
    const joined = { ...open, id: 9, ticket: 'ADU-2611-00009', status: 'rejected', status_reason: 'duplicate', tracking_code: 'P2WX7KQ4', duplicate_of: { ticket: 'ADU-2611-00008', status: 'in_progress' } };
    const app = serve({ complaints: [joined], regions: [], complaint_updates: [] });
    const { body, error } = await app.post('ADU-2611-00009', { code: 'P2WX7KQ4' });
    expect(error).toBeUndefined();
    expect(body?.data).toMatchObject({ detail: true, joined_to: { ticket: 'ADU-2611-00008', status: { code: 'in_progress', kind: 'open' } } });
    const plain = await serve({ complaints: [open], regions: [], complaint_updates: [] }).post('ADU-2611-00008', { code: 'M4QR8ZT2' });
    expect(plain.body?.data).toMatchObject({ joined_to: null });
  });

  it('a wrong code answers exactly like no code', async () => {
    const app = serve({ complaints: [open], regions: [], complaint_updates: updates });
    const none = await app.get('ADU-2611-00008');
    const empty = await app.post('ADU-2611-00008', {});
    const wrong = await app.post('ADU-2611-00008', { code: 'M4QR8ZT3' });
    const junk = await app.post('ADU-2611-00008', { code: { $ne: null } });
    for (const a of [empty, wrong, junk]) {
      expect(a.error).toBeUndefined();
      expect(JSON.stringify(a.body)).toBe(JSON.stringify(none.body));
    }
  });

  it('a confidential report shows its progress with the code, never what or where', async () => {
    const app = serve({ complaints: [complaint], regions: [{ code: '16.02.01', name: 'Kayuagung' }], complaint_updates: [] });
    const { body } = await app.post('ADU-2611-00007', { code: CODE, lang: 'en' });
    expect(body?.data).toMatchObject({ detail: true, kecamatan: 'Kayuagung', category: 'Illegal levies', confidential: true });
    const text = JSON.stringify(body);
    for (const secret of ['oknum', 'Kantor Desa', '104.8']) expect(text).not.toContain(secret);
  });

  it('falls back to Indonesian for an unknown language', async () => {
    const { body } = await serve({ complaints: [complaint] }).post('ADU-2611-00007', { code: CODE, lang: 'fr' });
    expect(body?.data['category']).toBe('Pungutan Liar');
  });

  it('limits code tries per ticket across addresses; the refusal does not tell right from wrong', async () => {
    const app = serve({ complaints: [complaint, open], regions: [], complaint_updates: [] }, { points: 100, missCost: 0, codeAttempts: 3 });
    for (let n = 0; n < 3; n += 1) {
      const a = await app.post('ADU-2611-00007', { code: `WRONG00${n}` }, { socket: `192.0.2.${n}` });
      expect(a.body?.data['detail']).toBe(false);
    }
    const right = await app.post('ADU-2611-00007', { code: CODE }, { socket: '192.0.2.99' });
    expect(isDirectusError(right.error) && right.error.status).toBe(429);
    expect((right.error as Error).message).toMatch(/Terlalu banyak percobaan kode lacak/);
    const wrong = await app.post('ADU-2611-00007', { code: 'WRONG009' }, { socket: '192.0.2.98' });
    expect(isDirectusError(wrong.error) && wrong.error.status).toBe(429);
    // Another ticket keeps its own budget; the status without a code stays available.
    expect((await app.post('ADU-2611-00008', { code: 'M4QR8ZT2' })).body?.data['detail']).toBe(true);
    expect((await app.get('ADU-2611-00007')).body?.data['detail']).toBe(false);
  });
});
