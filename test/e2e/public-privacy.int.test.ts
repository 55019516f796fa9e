// What the public pages let anyone see of a report that is, or becomes,
// confidential, on the real stack:
// - a follow-up photo's link (/kanal-aduan/lacak/foto/…) that a tracking page
//   handed out works while the report is public and shows nothing once an
//   admin marks the report confidential, though the link is still in date;
// - the public map (/kanal-aduan/peta, its points and its panel form) and the
//   performance page (/kanal-aduan/kinerja) never carry a confidential
//   report's words, its reporter's name or number, its ticket or its exact
//   pin; a published twin filed beside it is on the map at its pin, so the
//   probe looks at answers that do hold this minute's reports.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, fileReport } from './helpers.ts';
import { fetchFrom, lacak, reportFollowedUpByDpupr, type FiledReport } from './public-pages.ts';

type Point = { lat: number; lng: number; count: number; approximate?: boolean };

describe('a follow-up photo link after the report turns confidential', () => {
  let report: FiledReport;
  beforeAll(async () => {
    report = await reportFollowedUpByDpupr('Sari Privasi');
  }, 240_000);

  it('works while the report is public and is refused once an admin marks it confidential', async () => {
    const page = await lacak('127.0.42.1', report.ticket, report.code);
    expect(page.status, page.text).toBe(200);
    const src = /<img src="([^"]+)"/.exec(page.text)?.[1]?.replace(/&#x3D;/g, '=');
    expect(src).toMatch(/^\/kanal-aduan\/lacak\/foto\/\d+\?t=/);

    const before = await fetchFrom('127.0.42.1', src!);
    expect(before.status).toBe(200);
    expect(before.bytes.subarray(1, 4).toString()).toBe('PNG');

    const marked = await directus(`/items/complaints/${report.id}`, { method: 'PATCH', body: JSON.stringify({ confidential: true }) });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);

    // The same signed link, well inside its 15 minutes: nothing of the photo any more.
    const after = await fetchFrom('127.0.42.2', src!);
    expect(after.status).toBe(404);
    expect(after.bytes.includes(Buffer.from('PNG'))).toBe(false);
    expect(String(after.headers['content-type'] ?? '')).not.toMatch(/^image\//);
  });
});

describe('the public map and the performance page hold nothing of a confidential report', () => {
  const mark = randomBytes(3).toString('hex');
  // Words nobody else writes, a reporter's name and number, a pin with digits no centroid has.
  const STORY = `Pintu air irigasi Subak${mark} jebol, sawah Tegalwangi${mark} terendam sejak kemarin`;
  const NAME = `Ratna Wigati${mark}`;
  const SECRET_PIN = { latitude: -3.3876543, longitude: 104.8234567 };
  const OPEN_PIN = { latitude: -3.4012, longitude: 104.8188 };
  const AREA = 'periode=bulan-ini&kategori=PERTANIAN';
  let secret: { id: number; ticket: string; waId: string; region: string };
  let published: { ticket: string };
  let secrets: string[];

  beforeAll(async () => {
    const file = async (description: string, pin: typeof SECRET_PIN, confidential: boolean) => {
      const filed = await fileReport<{ id: number; ticket: string }>({ description, name: NAME });
      const placed = await directus(`/items/complaints/${filed.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ category: 'PERTANIAN', region: '16.02.05.1008', ...pin, confidential }),
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(200);
      const verified = await directus(`/items/complaints/${filed.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'verified' }) });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      const row = (await directus<{ data: { region: string } }>(`/items/complaints/${filed.id}?fields=region`)).body.data;
      return { ...filed, region: row.region };
    };
    secret = await file(`${STORY}. Hubungi saya ${NAME} di 0812${mark.slice(0, 4)}7788.`, SECRET_PIN, true);
    published = await file(`Saluran irigasi tersier Blok${mark} dangkal, air tidak sampai ke petak sawah.`, OPEN_PIN, false);
    secrets = [`Subak${mark}`, `Tegalwangi${mark}`, 'Pintu air irigasi', NAME, `Wigati${mark}`, secret.waId, secret.waId.slice(-9), `0812${mark.slice(0, 4)}7788`, secret.ticket];
  }, 120_000);

  const leaks = (text: string) => [
    ...secrets.filter((s) => text.includes(s)),
    // The pin to any precision beyond three decimals, written either way.
    ...(text.match(/-?3\.3876|104\.8234/g) ?? []),
  ];

  it('the map\'s points show the published twin at its pin and the confidential report only at its desa', async () => {
    const centroid = (await directus<{ data: { latitude: number; longitude: number } }>(`/items/regions/${secret.region}?fields=latitude,longitude`)).body.data;
    for (const bbox of ['104.70,-3.50,104.95,-3.30', '-180,-85,180,85']) {
      const z = 18;
      const res = await fetchFrom('127.0.42.3', `/kanal-aduan/peta/titik?${AREA}&bbox=${bbox}&z=${z}`);
      expect(res.status, res.text).toBe(200);
      expect(leaks(res.text), bbox).toEqual([]);
      const features = (JSON.parse(res.text) as { features: Point[] }).features;
      expect(features.some((p) => Math.abs(p.lat - SECRET_PIN.latitude) < 5e-4 && Math.abs(p.lng - SECRET_PIN.longitude) < 5e-4)).toBe(false);
      // Fresh data: the published twin is there at its own pin, the confidential one at its desa's centroid.
      expect(features).toContainEqual(expect.objectContaining({ lat: OPEN_PIN.latitude, lng: OPEN_PIN.longitude, approximate: false }));
      expect(features).toContainEqual(expect.objectContaining({ lat: centroid.latitude, lng: centroid.longitude, approximate: true }));
    }
    expect(published.ticket).not.toBe(secret.ticket);
  });

  it('the map page, its panel and its English form carry none of it', async () => {
    for (const path of [`/kanal-aduan/peta?${AREA}`, `/kanal-aduan/peta?${AREA}&lang=en`, `/kanal-aduan/peta?${AREA}&tampilan=panel`, '/kanal-aduan/peta']) {
      const page = await fetchFrom('127.0.42.4', path);
      expect(page.status, path).toBe(200);
      expect(leaks(page.text), path).toEqual([]);
    }
  });

  it('the performance page, in every period and both languages, carries none of it', async () => {
    for (const q of ['', '?periode=3-bulan', '?periode=tahun-ini', '?lang=en', '?periode=tahun-ini&lang=en']) {
      const page = await fetchFrom('127.0.42.5', `/kanal-aduan/kinerja${q}`);
      expect(page.status, q).toBe(200);
      expect(page.text).toContain('<html lang=');
      expect(leaks(page.text), q).toEqual([]);
    }
  });
});
