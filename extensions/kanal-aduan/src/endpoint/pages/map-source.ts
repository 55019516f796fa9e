import { OPEN311_DETAIL_STATUSES, publicMapPoint, STATUS_LABELS, type MapPoint, type Status } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import Supercluster from 'supercluster';
import { dialect } from '../../ranking/query.ts';
import { readRankingSettings } from '../../ranking/service.ts';
import type { Locale } from '../tracking-view.ts';
import { periodWindow, type Period } from './performance-view.ts';
import { dbBool, rowsOf } from '../../shared/knex-dialect.ts';

const numOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** The most marks one answer carries (a phone draws a few hundred comfortably). */
export const MAX_FEATURES = 1000;

/** How long a period's points are reused: the public cannot make the database read reports more often than this. */
export const MAP_CACHE_MS = 60_000;

export type MapCategory = { code: string; name: string; name_en: string | null };
type PointProps = { category: string | null; status: Status; kind: MapPoint['kind']; precision: MapPoint['precision'] };

export type MapData = {
  index: Supercluster<PointProps>;
  total: number;
  categories: MapCategory[];
  /** [west, south, east, north] of the regency's village centroids: where the map opens. */
  bounds: [number, number, number, number] | null;
  generatedAt: string;
};

/**
 * The public map's points of reports received in the period: one read of the
 * passed reports (no ticket, text or reporter is selected) and the centroids,
 * each report placed by core's publicMapPoint, then clustered (supercluster).
 * Computed at most once a minute per period and category, shared by concurrent requests.
 */
export function mapSource(knex: Knex, clock: () => number = Date.now) {
  const memo = new Map<string, { at: number; value: Promise<MapData> }>();
  const compute = async (period: Period, category: string | null, now: Date): Promise<MapData> => {
    const settings = await readRankingSettings(knex);
    const window = periodWindow(period, now, settings.timezone);
    const D = dialect(knex);
    const received = D.tsCol('c.received_at');
    const [reports, centroids, categories] = await Promise.all([
      knex.raw(
        `SELECT c.status, c.confidential, c.latitude, c.longitude, c.region, c.category FROM complaints c
         WHERE ${received} >= ${D.lit(window.from)} AND ${received} < ${D.lit(window.to)}
           AND c.status IN (${OPEN311_DETAIL_STATUSES.map(() => '?').join(', ')})${category ? ' AND c.category = ?' : ''}`,
        [...OPEN311_DETAIL_STATUSES, ...(category ? [category] : [])],
      ),
      knex('regions').select('code', 'latitude', 'longitude').whereIn('level', ['kelurahan', 'desa']).whereNotNull('latitude').whereNotNull('longitude'),
      knex('categories').select('code', 'name', 'name_en').where({ active: true }).orderBy([{ column: 'sort' }, { column: 'name' }]),
    ]);
    const byCode = new Map((centroids as Array<Record<string, unknown>>).map((r) => [String(r['code']), { latitude: Number(r['latitude']), longitude: Number(r['longitude']) }]));
    const features: Array<Supercluster.PointFeature<PointProps>> = [];
    for (const r of rowsOf(reports)) {
      const point = publicMapPoint(
        {
          status: r['status'] as Status,
          confidential: dbBool(r['confidential']),
          latitude: numOrNull(r['latitude']),
          longitude: numOrNull(r['longitude']),
          region: r['region'] === null ? null : String(r['region']),
          category: r['category'] === null ? null : String(r['category']),
        },
        byCode,
      );
      if (!point) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [point.longitude, point.latitude] },
        properties: { category: point.category, status: point.status, kind: point.kind, precision: point.precision },
      });
    }
    const index = new Supercluster<PointProps>({ radius: 60, maxZoom: 16 }).load(features);
    const places = [...byCode.values()];
    return {
      index,
      total: features.length,
      bounds: places.length === 0 ? null : [
        Math.min(...places.map((p) => p.longitude)), Math.min(...places.map((p) => p.latitude)),
        Math.max(...places.map((p) => p.longitude)), Math.max(...places.map((p) => p.latitude)),
      ],
      categories: (categories as Array<Record<string, unknown>>).map((c) => ({ code: String(c['code']), name: String(c['name']), name_en: c['name_en'] ? String(c['name_en']) : null })),
      generatedAt: now.toISOString(),
    };
  };
  return {
    get(period: Period, category: string | null): Promise<MapData> {
      const key = `${period}|${category ?? ''}`;
      const at = clock();
      const hit = memo.get(key);
      if (hit && at - hit.at < MAP_CACHE_MS) return hit.value;
      const value = compute(period, category, new Date(at));
      memo.set(key, { at, value });
      value.catch(() => memo.delete(key));
      // A category code nobody has is a key too: keep the memo bounded.
      if (memo.size > 200) memo.delete(memo.keys().next().value!);
      return value;
    },
  };
}

/** One feature as the page draws it: a cluster with its count, or a report's category and status in the reader's language. */
export function mapFeatures(data: MapData, bbox: [number, number, number, number], zoom: number, locale: Locale, max = MAX_FEATURES) {
  const names = new Map(data.categories.map((c) => [c.code, locale === 'en' ? (c.name_en ?? c.name) : c.name]));
  // A whole province asked for at street zoom would send every report: cluster coarser until the answer is a map's worth.
  let z = zoom;
  let found = data.index.getClusters(bbox, z);
  while (found.length > max && z > 0) found = data.index.getClusters(bbox, (z = Math.max(0, z - 2)));
  return found.map((f) => {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties as Partial<PointProps> & { cluster?: boolean; point_count?: number; cluster_id?: number };
    if (p.cluster) {
      return { lat, lng, count: p.point_count ?? 0, zoom: Math.min(data.index.getClusterExpansionZoom(p.cluster_id!), 18) };
    }
    return {
      lat, lng, count: 1,
      category: p.category ? (names.get(p.category) ?? p.category) : null,
      status: STATUS_LABELS[p.status!][locale],
      kind: p.kind,
      approximate: p.precision === 'desa',
    };
  });
}
