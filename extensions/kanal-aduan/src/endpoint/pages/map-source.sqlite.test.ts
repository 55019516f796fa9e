// The public map's points on SQLite (the demo's database): which reports stand
// on the map, where, and what a point tells. Postgres runs the same route in the
// integration test.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../../test-support/runtime-sqlite.ts';
import { mapFeatures, mapSource } from './map-source.ts';

const SUKADANA = { latitude: -3.3672, longitude: 104.8333 };
const JUA_JUA = { latitude: -3.4047, longitude: 104.8287 };
const NOW = Date.parse('2026-11-20T03:00:00Z');
const WORLD: [number, number, number, number] = [-180, -90, 180, 90];

let knex: Knex;

describe.skipIf(!hasRuntimeSqlite)('public map points on SQLite', () => {
  beforeAll(async () => {
    knex = runtimeSqlite();
    await knex.schema.createTable('categories', (t) => { t.string('code').primary(); t.string('name'); t.string('name_en'); t.boolean('active'); t.integer('sort'); });
    await knex.schema.createTable('regions', (t) => { t.string('code').primary(); t.string('name'); t.string('level'); t.float('latitude'); t.float('longitude'); });
    await knex.schema.createTable('complaints', (t) => {
      t.integer('id').primary();
      for (const c of ['ticket', 'description', 'category', 'region', 'status', 'received_at']) t.string(c);
      t.boolean('confidential');
      t.float('latitude');
      t.float('longitude');
    });
    await knex('categories').insert([
      { code: 'JALAN', name: 'Jalan dan Jembatan', name_en: 'Roads and bridges', active: true, sort: 1 },
      { code: 'SAMPAH', name: 'Sampah', name_en: 'Waste', active: true, sort: 2 },
    ]);
    await knex('regions').insert([
      { code: '16.02.05', name: 'Kayu Agung', level: 'kecamatan', latitude: -3.39, longitude: 104.83 },
      { code: '16.02.05.1008', name: 'Sukadana', level: 'kelurahan', ...SUKADANA },
      { code: '16.02.05.1001', name: 'Jua-jua', level: 'kelurahan', ...JUA_JUA },
    ]);
    const at = (days: number) => String(NOW - days * 86_400_000); // Directus keeps SQLite timestamps as epoch ms
    const pin = { latitude: -3.37012345, longitude: 104.83678901 };
    await knex('complaints').insert([
      { id: 1, ticket: 'ADU-2611-00001', description: 'jalan berlubang', category: 'JALAN', region: '16.02.05.1008', status: 'in_progress', received_at: at(3), confidential: false, ...pin },
      { id: 2, ticket: 'ADU-2611-00002', description: 'rahasia', category: 'JALAN', region: '16.02.05.1008', status: 'verified', received_at: at(2), confidential: true, latitude: -3.3695, longitude: 104.8401 },
      { id: 3, ticket: 'ADU-2611-00003', description: 'belum diverifikasi', category: 'JALAN', region: '16.02.05.1008', status: 'received', received_at: at(1), confidential: false, ...pin },
      { id: 4, ticket: 'ADU-2611-00004', description: 'ditolak', category: 'SAMPAH', region: '16.02.05.1001', status: 'rejected', received_at: at(1), confidential: false, latitude: -3.40, longitude: 104.83 },
      { id: 5, ticket: 'ADU-2611-00005', description: 'tanpa titik', category: 'SAMPAH', region: '16.02.05.1001', status: 'resolved', received_at: at(5), confidential: false, latitude: null, longitude: null },
      { id: 6, ticket: 'ADU-2611-00006', description: 'rahasia kecamatan', category: 'SAMPAH', region: '16.02.05', status: 'closed', received_at: at(5), confidential: true, latitude: -3.38, longitude: 104.84 },
      { id: 7, ticket: 'ADU-2510-00007', description: 'lama', category: 'JALAN', region: '16.02.05.1008', status: 'resolved', received_at: at(400), confidential: false, ...pin },
    ]);
  });
  afterAll(async () => knex?.destroy());

  it('places passed reports of the period: a pin to 11 m, a confidential one and one without a pin at the desa centroid', async () => {
    const data = await mapSource(knex, () => NOW).get('3-bulan', null);
    expect(data.total).toBe(3);
    const points = mapFeatures(data, WORLD, 18, 'id');
    expect(points).toHaveLength(3);
    expect(points).toEqual(expect.arrayContaining([
      { lat: -3.3701, lng: 104.8368, count: 1, category: 'Jalan dan Jembatan', status: 'Sedang Ditindaklanjuti', kind: 'open', approximate: false },
      { lat: SUKADANA.latitude, lng: SUKADANA.longitude, count: 1, category: 'Jalan dan Jembatan', status: 'Terverifikasi', kind: 'open', approximate: true },
      { lat: JUA_JUA.latitude, lng: JUA_JUA.longitude, count: 1, category: 'Sampah', status: 'Selesai', kind: 'fixed', approximate: true },
    ]));
    // The confidential report's own pin is nowhere in what the public receives.
    const body = JSON.stringify(points);
    expect(body).not.toContain('-3.3695');
    expect(body).not.toContain('104.8401');
    expect(body).not.toMatch(/ADU-|rahasia|berlubang/);
  });

  it('clusters at a regency zoom, filters by category and by period, and speaks English', async () => {
    const source = mapSource(knex, () => NOW);
    const clustered = mapFeatures(await source.get('3-bulan', null), WORLD, 9, 'en');
    expect(clustered).toHaveLength(1);
    expect(clustered[0]).toMatchObject({ count: 3, zoom: expect.any(Number) });
    const roads = mapFeatures(await source.get('3-bulan', 'JALAN'), WORLD, 18, 'en');
    expect(roads.map((p) => p.category)).toEqual(['Roads and bridges', 'Roads and bridges']);
    expect((await source.get('tahun-ini', 'JALAN')).total).toBe(2);
    // Nothing outside the box asked for.
    expect(mapFeatures(await source.get('3-bulan', null), [106, -7, 107, -6], 18, 'id')).toEqual([]);
    // Never more marks than the cap: a coarser zoom instead, the same reports in fewer clusters.
    const capped = mapFeatures(await source.get('3-bulan', null), WORLD, 18, 'id', 2);
    expect(capped.length).toBeLessThanOrEqual(2);
    expect(capped.reduce((n, f) => n + f.count, 0)).toBe(3);
  });

  it('opens on the regency: the bounds of the village centroids', async () => {
    const data = await mapSource(knex, () => NOW).get('bulan-ini', null);
    expect(data.bounds).toEqual([JUA_JUA.longitude, JUA_JUA.latitude, SUKADANA.longitude, SUKADANA.latitude]);
    expect(data.categories.map((c) => c.code)).toEqual(['JALAN', 'SAMPAH']);
  });
});
