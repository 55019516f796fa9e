import { isDirectusError } from '@directus/errors';
import { describe, expect, it } from 'vitest';
import type { RouteContext } from '../context.ts';
import { trackBudget } from '../track-limiter.ts';
import { mountTrack, trackRoutes } from './track.ts';

type Query = Record<string, unknown>;
type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => Promise<void> | void;

/** Mounts the route on a fake router and serves rows from in-memory tables; records every query. */
function serve(tables: Record<string, Record<string, unknown>[]>, budget?: { points: number; missCost: number }) {
  const queries: Array<{ collection: string; query: Query }> = [];
  const ItemsService = class {
    constructor(private collection: string) {}
    async readByQuery(query: Query) {
      queries.push({ collection: this.collection, query });
      const rows = tables[this.collection] ?? [];
      const filter = query['filter'] as Record<string, { _eq: unknown }> | undefined;
      return rows.filter((row) => !filter || Object.entries(filter).every(([field, cond]) => row[field] === cond._eq));
    }
  };
  const routes = new Map<string, Handler>();
  const router = { get: (path: string, handler: Handler) => routes.set(path, handler) };
  const ctx = { services: { ItemsService }, database: {}, getSchema: async () => ({ collections: {} }), logger: console } as unknown as RouteContext;
  if (budget) mountTrack(router as never, ctx, trackBudget({ points: budget.points, durationSeconds: 60, missCost: budget.missCost }), budget.missCost);
  else trackRoutes(router as never, ctx);

  return {
    queries,
    async get(ticket: string, query: Query = {}, ip = '203.0.113.7') {
      let body: unknown;
      let error: unknown;
      const headers: Record<string, string> = {};
      const res = { json: (b: unknown) => { body = b; }, set: (h: string, v: string) => { headers[h] = v; } };
      await routes.get('/track/:ticket')!({ params: { ticket }, query, ip, schema: { collections: {} } }, res, (e) => { error = e; });
      return { body: body as { data: Record<string, unknown> } | undefined, error, headers };
    },
  };
}

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
  received_at: '2026-11-02T02:00:00.000Z',
};

describe('GET /kanal-aduan/track/:ticket', () => {
  it('answers a confidential report with progress only, never selecting the reporter', async () => {
    const app = serve({
      complaints: [complaint],
      regions: [{ code: '16.02.01', name: 'Kayuagung' }],
      complaint_updates: [{ complaint: 7, kind: 'follow_up', public: true, body: 'Laporan sedang ditelaah Inspektorat.', date_created: '2026-11-03T01:00:00.000Z' }],
    });
    const { body, error } = await app.get('adu-2611-00007');
    expect(error).toBeUndefined();
    expect(body?.data).toMatchObject({
      ticket: 'ADU-2611-00007',
      status: { code: 'verified' },
      kecamatan: 'Kayuagung',
      category: 'Pungutan Liar',
      last_follow_up: { body: 'Laporan sedang ditelaah Inspektorat.' },
    });
    const text = JSON.stringify(body);
    for (const secret of ['oknum', 'Kantor Desa', '104.8']) expect(text).not.toContain(secret);
    const complaintQuery = app.queries.find((q) => q.collection === 'complaints')!.query;
    expect((complaintQuery['fields'] as string[]).some((f) => f.startsWith('reporter'))).toBe(false);
    const updatesQuery = app.queries.find((q) => q.collection === 'complaint_updates')!.query;
    expect(updatesQuery['filter']).toMatchObject({ kind: { _eq: 'follow_up' }, public: { _eq: true } });
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

  it('falls back to Indonesian for an unknown language', async () => {
    const { body } = await serve({ complaints: [complaint] }).get('ADU-2611-00007', { lang: 'fr' });
    expect(body?.data['category']).toBe('Pungutan Liar');
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
    const other = await app.get('ADU-2611-00007', {}, '198.51.100.9');
    expect(other.error).toBeUndefined();
    expect(other.body?.data['ticket']).toBe('ADU-2611-00007');
  });
});
