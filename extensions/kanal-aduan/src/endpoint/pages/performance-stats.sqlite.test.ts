// The public performance aggregate on SQLite (the demo's database) against
// core's working-day clock row by row. Postgres runs it in the integration test.
import { histogramMedian, isFixed, makeCalendar, workingDaysBetween, type Status } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';
import { performanceSource, queryPerformanceStats } from './performance-stats.ts';

const calendar = makeCalendar('Asia/Jakarta', ['2026-11-10']);
const window = { from: new Date('2026-10-31T17:00:00Z'), to: new Date('2026-11-30T17:00:00Z') };
type Row = { id: number; category: string | null; kecamatan: string | null; status: Status; status_reason: string | null; satisfaction: number | null; received_at: string; first_response_at: string | null; resolved_at: string | null };

const rows: Row[] = [];
const statuses: Status[] = ['received', 'in_progress', 'resolved', 'closed', 'rejected'];
for (let i = 0; i < 120; i += 1) {
  const received = new Date(Date.parse('2026-10-25T00:00:00Z') + i * 7.3 * 3600_000);
  const status = statuses[i % statuses.length]!;
  const responded = i % 3 === 0 ? null : new Date(received.getTime() + ((i * 13) % 200) * 3600_000);
  const resolved = status === 'resolved' || status === 'closed' ? new Date(received.getTime() + ((i * 29) % 400) * 3600_000) : null;
  rows.push({
    id: i + 1, category: i % 4 === 0 ? null : ['JALAN', 'SAMPAH', 'AIR'][i % 3]!, kecamatan: ['16.02.01', '16.02.05', null][i % 3]!,
    status, status_reason: status === 'closed' ? (i % 2 ? 'citizen_confirmed' : 'no_response') : null,
    satisfaction: resolved && i % 2 ? 1 + (i % 5) : null,
    received_at: received.toISOString(), first_response_at: responded?.toISOString() ?? null, resolved_at: resolved?.toISOString() ?? null,
  });
}

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('public performance aggregate on SQLite', () => {
  beforeAll(async () => {
    knex = runtimeSqlite();
    await knex.schema.createTable('categories', (t) => { t.string('code').primary(); t.string('name'); t.string('name_en'); });
    await knex.schema.createTable('regions', (t) => { t.string('code').primary(); t.string('name'); });
    await knex.schema.createTable('complaints', (t) => {
      t.integer('id').primary();
      for (const c of ['category', 'kecamatan', 'status', 'status_reason']) t.string(c);
      t.integer('satisfaction');
      for (const c of ['received_at', 'first_response_at', 'resolved_at']) t.string(c);
    });
    await knex('categories').insert([{ code: 'JALAN', name: 'Jalan', name_en: 'Roads' }, { code: 'SAMPAH', name: 'Sampah', name_en: 'Waste' }, { code: 'AIR', name: 'Air bersih', name_en: 'Water' }]);
    await knex('regions').insert([{ code: '16.02.01', name: 'Kayu Agung' }, { code: '16.02.05', name: 'Tanjung Lubuk' }]);
    // Directus keeps SQLite timestamps as epoch ms; every 5th row as ISO text, as older writers left them.
    const ts = (v: string | null, i: number) => (v === null ? null : i % 5 === 0 ? v : String(Date.parse(v)));
    await knex('complaints').insert(rows.map((r, i) => ({ ...r, received_at: ts(r.received_at, i), first_response_at: ts(r.first_response_at, i), resolved_at: ts(r.resolved_at, i) })));
  });
  afterAll(async () => knex?.destroy());

  it('counts, fixed, medians in working days and satisfaction equal the row-by-row reference', async () => {
    const stats = await queryPerformanceStats(knex, window, calendar, new Date('2027-01-31T00:00:00Z'));
    const inside = rows.filter((r) => Date.parse(r.received_at) >= window.from.getTime() && Date.parse(r.received_at) < window.to.getTime() && r.status !== 'rejected');
    expect(inside.length).toBeGreaterThan(40);
    expect(inside.length).toBeLessThan(rows.length);
    const fixed = inside.filter((r) => isFixed(r.status, r.status_reason));
    expect(stats.total).toBe(inside.length);
    expect(stats.fixed).toBe(fixed.length);
    const count = (list: Row[], key: 'category' | 'kecamatan') => Object.fromEntries([...new Set(list.map((r) => r[key]))].map((k) => [String(k), list.filter((r) => r[key] === k).length]));
    expect(Object.fromEntries(stats.byCategory.map((c) => [String(c.code), c.count]))).toEqual(count(inside, 'category'));
    expect(Object.fromEntries(stats.byKecamatan.map((c) => [String(c.code), c.count]))).toEqual(count(inside, 'kecamatan'));
    expect(stats.byKecamatan.find((k) => k.code === '16.02.05')?.name).toBe('Tanjung Lubuk');
    expect(stats.byCategory.find((k) => k.code === 'JALAN')?.name_en).toBe('Roads');

    const histogram = (lags: number[]) => lags.reduce<Record<number, number>>((h, d) => ({ ...h, [d]: (h[d] ?? 0) + 1 }), {});
    const lag = (a: string, b: string) => workingDaysBetween(new Date(a), new Date(b), calendar);
    expect(stats.responseDays).toEqual(histogram(inside.filter((r) => r.first_response_at).map((r) => lag(r.received_at, r.first_response_at!))));
    expect(stats.resolutionDays).toEqual(histogram(fixed.filter((r) => r.resolved_at).map((r) => lag(r.received_at, r.resolved_at!))));
    expect(histogramMedian(stats.responseDays)).not.toBeNull();
    const rated = inside.filter((r) => r.satisfaction !== null);
    expect(stats.rated).toBe(rated.length);
    expect(stats.satisfactionSum).toBe(rated.reduce((s, r) => s + r.satisfaction!, 0));
  });

  it('reuses a period’s figures for a minute, shared by concurrent requests, and never lists a report', async () => {
    let now = Date.parse('2026-11-20T03:00:00Z');
    const source = performanceSource(knex, () => now);
    let queries = 0;
    const count = () => { queries += 1; };
    knex.on('query', count);
    try {
      const [a, b] = await Promise.all([source.get('bulan-ini'), source.get('bulan-ini')]);
      expect(a).toBe(b);
      const first = queries;
      expect(first).toBeGreaterThan(0);
      now += 59_000;
      expect(await source.get('bulan-ini')).toBe(a);
      expect(queries).toBe(first);
      await source.get('3-bulan');
      expect(queries).toBeGreaterThan(first);
      now += 2_000;
      const fresh = await source.get('bulan-ini');
      expect(fresh).not.toBe(a);
      // Without the settings table the ranking stays unpublished.
      expect(fresh.ranking).toBeNull();
      expect(JSON.stringify(fresh)).not.toMatch(/"id"|received_at/);
    } finally {
      knex.removeListener('query', count);
    }
  });
});
