// The public map against the real stack (Postgres): two citizens share a pin on
// WhatsApp (simulator), one asking to stay confidential; the bot names the desa
// each pin falls in and the report carries it; once verified, the map shows the
// open report at its pin and the confidential one only at its desa's centroid;
// a report not yet verified is not on it.
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, loginAs, uniqueWaId } from './helpers.ts';
import { fetchFrom } from './public-pages.ts';
import { fileThroughBot, SimChat } from './sim-chat.ts';

type Row = { id: number; ticket: string; region: string | null; kecamatan: string | null; latitude: number | null; longitude: number | null; category: string };
type Point = { lat: number; lng: number; count: number; category?: string; status?: string; kind?: string; approximate?: boolean };

// Near kelurahan Sukadana and Sidakersa (Kayu Agung); the third pin is never verified.
const SECRET_PIN = { latitude: -3.3701234, longitude: 104.8367891, name: 'Depan rumah saya' };
const OPEN_PIN = { latitude: -3.3951, longitude: 104.8305, name: 'Simpang Sidakersa' };
const UNVERIFIED_PIN = { latitude: -3.3801, longitude: 104.8451, name: 'Pasar Kayuagung' };

const rows: Record<'secret' | 'open' | 'unverified', Row> = {} as never;
const summaries: Record<string, string> = {};
let sukadana: { latitude: number; longitude: number };

async function file(key: keyof typeof rows, pin: typeof SECRET_PIN, confidential: boolean) {
  const chat = new SimChat(uniqueWaId(), 'Warga Peta');
  const ticket = await fileThroughBot(chat, `Jalan berlubang besar dan dalam, sudah dua motor jatuh minggu ini, mohon segera ditambal (${key})`, pin, { confidential });
  summaries[key] = chat.transcript();
  const found = await directus<{ data: Row[] }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,ticket,region,kecamatan,latitude,longitude,category`);
  rows[key] = found.body.data[0]!;
}

const points = async (query: string) => {
  const page = await fetchFrom('127.0.6.1', `/kanal-aduan/peta/titik?${query}`);
  return { ...page, json: page.status === 200 ? (JSON.parse(page.text) as { total: number; features: Point[] }) : null };
};
// Only this file asks for roads this year: the minute's cache holds nothing older than its own reports.
const AREA = 'periode=tahun-ini&kategori=JALAN&bbox=104.70,-3.50,104.95,-3.30';

beforeAll(async () => {
  await file('secret', SECRET_PIN, true);
  await file('open', OPEN_PIN, false);
  await file('unverified', UNVERIFIED_PIN, false);
  const verifikator = await loginAs('verifikator@example.com');
  for (const key of ['secret', 'open'] as const) {
    const r = await directus(`/items/complaints/${rows[key].id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ status: 'verified' }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  sukadana = (await directus<{ data: { latitude: number; longitude: number } }>('/items/regions/16.02.05.1008?fields=latitude,longitude')).body.data;
}, 300_000);

describe('a shared pin names its desa', () => {
  it('the bot says the desa in the summary and the report carries it and its kecamatan', () => {
    expect(summaries['secret']).toContain('sekitar Sukadana, Kec. Kayu Agung');
    expect(rows.secret).toMatchObject({ region: '16.02.05.1008', kecamatan: '16.02.05', category: 'JALAN' });
    // 0.2 km from kelurahan Sidakersa's centroid (the seeds' full village list, not the unit tests' six).
    expect(rows.open).toMatchObject({ region: '16.02.05.1003', kecamatan: '16.02.05' });
    expect(sukadana.latitude).toBeCloseTo(-3.367, 2);
  });
});

describe('the geometry point (PostGIS) for Directus\'s map layout', () => {
  type Located = { ticket: string; location: { type: string; coordinates: [number, number] } | null };
  const bbox = (w: number, s: number, e: number, n: number) =>
    encodeURIComponent(JSON.stringify({ location: { _intersects_bbox: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } } }));

  it('follows the pin the citizen shared, and moves when the pin is corrected', async () => {
    const read = async () => (await directus<{ data: Located }>(`/items/complaints/${rows.open.id}?fields=ticket,location`)).body.data.location;
    const before = await read();
    expect(before?.type).toBe('Point');
    expect(before!.coordinates[0]).toBeCloseTo(OPEN_PIN.longitude, 4);
    expect(before!.coordinates[1]).toBeCloseTo(OPEN_PIN.latitude, 4);
    expect((await directus(`/items/complaints/${rows.open.id}`, { method: 'PATCH', body: JSON.stringify({ latitude: -3.40, longitude: 104.83 }) })).status).toBe(200);
    expect((await read())!.coordinates).toEqual([expect.closeTo(104.83, 4), expect.closeTo(-3.40, 4)]);
    expect((await directus(`/items/complaints/${rows.open.id}`, { method: 'PATCH', body: JSON.stringify({ latitude: OPEN_PIN.latitude, longitude: OPEN_PIN.longitude }) })).status).toBe(200);
  });

  it('answers the map layout\'s area filter for the verifikator and the Pimpinan, who both have the bookmark', async () => {
    for (const who of ['verifikator@example.com', 'bupati@example.com']) {
      const token = await loginAs(who);
      const inside = await directus<{ data: Located[] }>(`/items/complaints?fields=ticket,location&limit=-1&filter=${bbox(104.82, -3.40, 104.84, -3.39)}`, { token });
      expect(inside.status, JSON.stringify(inside.body)).toBe(200);
      expect(inside.body.data.map((r) => r.ticket), who).toContain(rows.open.ticket);
      const elsewhere = await directus<{ data: Located[] }>(`/items/complaints?fields=ticket&limit=-1&filter=${bbox(106, -7, 107, -6)}`, { token });
      expect(elsewhere.body.data.map((r) => r.ticket)).not.toContain(rows.open.ticket);
    }
    const presets = await directus<{ data: Array<{ role: string; layout: string; layout_options: { map: { geometryField: string } } }> }>(
      `/presets?filter[bookmark][_eq]=${encodeURIComponent('Peta laporan')}&fields=role,layout,layout_options`,
    );
    expect(presets.body.data).toHaveLength(2);
    for (const p of presets.body.data) expect(p).toMatchObject({ layout: 'map', layout_options: { map: { geometryField: 'location' } } });
  });

  it('is as closed to an OPD officer as the pin: only for reports of their own agency', async () => {
    const officer = await loginAs('opd.pupr@example.com');
    const r = await directus<{ data: Located[] }>(`/items/complaints?fields=ticket&limit=-1&filter=${bbox(104.82, -3.40, 104.84, -3.39)}`, { token: officer });
    expect(r.status).toBe(200);
    expect(r.body.data.map((x) => x.ticket)).not.toContain(rows.open.ticket);
  });
});

describe('/kanal-aduan/peta', () => {
  it('shows the open report at its pin and the confidential one only at its desa centroid, never its pin', async () => {
    const res = await points(`${AREA}&z=18`);
    expect(res.status, res.text).toBe(200);
    const features = res.json!.features;
    expect(features).toContainEqual(expect.objectContaining({ lat: -3.3951, lng: 104.8305, count: 1, approximate: false, status: 'Terverifikasi', category: 'Jalan dan Jembatan' }));
    expect(features).toContainEqual(expect.objectContaining({ lat: sukadana.latitude, lng: sukadana.longitude, count: 1, approximate: true }));
    // The confidential pin, to any precision, and the unverified report are not there; nor any ticket.
    expect(res.text).not.toMatch(/-3\.370(1|12)|104\.836(8|79)/);
    expect(features.some((f) => Math.abs(f.lat - UNVERIFIED_PIN.latitude) < 1e-3 && Math.abs(f.lng - UNVERIFIED_PIN.longitude) < 1e-3)).toBe(false);
    for (const key of ['secret', 'open', 'unverified'] as const) expect(res.text).not.toContain(rows[key].ticket);
    expect(res.text).not.toMatch(/Depan rumah|berlubang|62\d{8,}/);
  });

  it('clusters at the regency zoom: fewer marks, the same reports', async () => {
    // The whole world asked for: a cluster's centre may lie outside a smaller box that holds some of its reports.
    const WORLD = 'periode=tahun-ini&kategori=JALAN&bbox=-180,-85,180,85';
    const far = (await points(`${WORLD}&z=8`)).json!.features;
    const near = (await points(`${WORLD}&z=18`)).json!.features;
    const sum = (fs: Point[]) => fs.reduce((n, f) => n + f.count, 0);
    expect(sum(far)).toBe(sum(near));
    expect(far.length).toBeLessThan(near.length);
    expect(far.some((f) => f.count >= 2 && f.category === undefined)).toBe(true);
  });

  it('refuses a malformed area with a clear message', async () => {
    for (const q of ['z=10', 'bbox=1,2,3&z=10', 'bbox=104,-3,105,-4&z=10', 'bbox=104,-4,105,-3&z=99', "bbox=104,-4,105,-3'&z=1"]) {
      const res = await points(q);
      expect(res.status, q).toBe(400);
      expect(res.text).toContain('bbox=barat,selatan,timur,utara');
    }
  });

  it('the page loads Leaflet and its script from us under a policy that allows nothing else', async () => {
    const page = await fetchFrom('127.0.6.1', '/kanal-aduan/peta');
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('img-src \'self\' data: https://tile.openstreetmap.org');
    expect(page.text).toContain('data-testid="map"');
    expect(page.text).toMatch(/<option value="JALAN">Jalan dan Jembatan<\/option>/);
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    expect(page.text).not.toMatch(/<script>/);
    for (const src of scripts) {
      const js = await fetchFrom('127.0.6.1', new URL(src, 'http://x').pathname + new URL(src, 'http://x').search);
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toContain('text/javascript');
      expect(js.headers['cache-control']).toContain('immutable');
    }
    expect((await fetchFrom('127.0.6.1', '/kanal-aduan/peta/tidak-ada.js')).status).toBe(404);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('the panel form is the map alone, and only our own origin may frame it (the Dasbor Pimpinan)', async () => {
    const panel = await fetchFrom('127.0.6.1', '/kanal-aduan/peta?tampilan=panel&periode=tahun-ini');
    expect(panel.status).toBe(200);
    expect(String(panel.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    expect(panel.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(panel.text).toContain('data-testid="map"');
    expect(panel.text).toMatch(/titik\?periode(=|&#x3D;)tahun-ini/);
    expect(panel.text).not.toContain('<header');
    expect(panel.text).not.toContain('<form');
  });
});
