import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Region } from '@kanal-aduan/core';

/**
 * Kelurahan/desa centroids from the `geografis` package (drizki/geografis: its code is
 * MIT; its data, compiled from cahyadsn/wilayah, Kebijakan Satu Peta, OpenStreetMap
 * and others, is ODbL through OpenStreetMap: © OpenStreetMap contributors; see seeds/README.md). It numbers villages by Permendagri 72/2019, our regions
 * (idn-area-data) by Kepmendagri 2025: a village is found by its code, and when a
 * renumbering moved it, by its name within the same kecamatan.
 */
type Entry = { code: string; village: string; latitude: number | null; longitude: number | null };

let entries: Promise<Entry[]> | null = null;

function load(): Promise<Entry[]> {
  entries ??= readFile(createRequire(import.meta.url).resolve('geografis/data/json/data.json'), 'utf8').then((text) =>
    (JSON.parse(text) as Entry[]).map(({ code, village, latitude, longitude }) => ({ code, village, latitude, longitude })),
  );
  return entries;
}

const nameKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The regions with `latitude`/`longitude` set on every kelurahan/desa the package knows. */
export async function withCentroids(regions: Region[]): Promise<{ regions: Region[]; missing: string[] }> {
  const villages = regions.filter((r) => r.level === 'kelurahan' || r.level === 'desa');
  if (villages.length === 0) return { regions, missing: [] };
  const prefixes = new Set(villages.map((v) => v.code.slice(0, 5)));
  const known = (await load()).filter((e) => prefixes.has(e.code.slice(0, 5)) && e.latitude !== null && e.longitude !== null);
  const byCode = new Map(known.map((e) => [e.code, e]));
  const byName = new Map(known.map((e) => [`${e.code.slice(0, 8)}|${nameKey(e.village)}`, e]));
  const missing: string[] = [];
  const out = regions.map((r) => {
    if (r.level !== 'kelurahan' && r.level !== 'desa') return r;
    const e = byCode.get(r.code) ?? byName.get(`${r.code.slice(0, 8)}|${nameKey(r.name)}`);
    if (!e) {
      missing.push(r.code);
      return r;
    }
    return { ...r, latitude: round(e.latitude!), longitude: round(e.longitude!) };
  });
  return { regions: out, missing };
}
