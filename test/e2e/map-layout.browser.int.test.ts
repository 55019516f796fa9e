// Directus's own map layout of the reports ("Peta laporan" bookmark) as the
// verifikator sees it in Chromium: the geometry point PostGIS keeps from each
// report's latitude/longitude is what the layout reads. The picture is kept in
// test/artifacts/ (every tile is one small PNG: the machine has no network).
import { crc32, deflateSync } from 'node:zlib';
import { ROLE_IDS } from '@kanal-aduan/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, picture } from './admin-app.ts';
import { directus, env, fileReport, waitFor } from './helpers.ts';

let browser: Browser;
let page: Page;
let ticket: string;
/** Every tile (the machine has no network): one light grey 256×256 PNG. */
const tile = greyTile();

function greyTile(size = 256): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((size + 1) * size, 0xe8);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0; // filter byte of each row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(async () => {
  const report = await fileReport<{ id: number; ticket: string }>({ description: 'Jembatan kayu di ujung desa patah sebagian, anak sekolah harus memutar jauh.' });
  ticket = report.ticket;
  const located = await directus(`/items/complaints/${report.id}`, { method: 'PATCH', body: JSON.stringify({ latitude: -3.3812, longitude: 104.8423 }) });
  expect(located.status).toBe(200);
  browser = await launchChromium();
  page = await loginPage(browser, 'verifikator@example.com');
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('"Peta laporan" in the admin app', () => {
  it('shows the verifikator the open reports on Directus\'s map layout, read from the geometry point', async () => {
    const [bookmark] = (await directus<{ data: Array<{ id: number }> }>(
      `/presets?filter[bookmark][_eq]=${encodeURIComponent('Peta laporan')}&filter[role][_eq]=${ROLE_IDS.verifikator}&fields=id`,
    )).body.data;
    expect(bookmark, 'the verifikator has the map bookmark').toBeTruthy();
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: tile }));
    const reads: Array<{ url: string; status: number; body: Promise<unknown> }> = [];
    page.on('response', (r) => {
      if (/\/items\/complaints(\?|$)/.test(r.url())) reads.push({ url: decodeURIComponent(r.url()), status: r.status(), body: r.json().catch(() => null) });
    });
    await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/content/complaints?bookmark=${bookmark!.id}`);
    // The layout asks for the reports with their geometry point.
    const read = await waitFor(() => reads.find((r) => r.url.includes('location'))!, {
      what: 'the map layout to read the reports with their geometry point', timeoutMs: 60_000, show: () => reads.map((r) => r.url),
    });
    expect(read.status).toBe(200);
    const rows = ((await read.body) as { data: Array<{ ticket: string; location: { type: string; coordinates: number[] } | null }> }).data;
    expect(rows.find((r) => r.ticket === ticket)?.location).toEqual({ type: 'Point', coordinates: [expect.closeTo(104.8423, 4), expect.closeTo(-3.3812, 4)] });
    // The layout drew its map (WebGL canvas) and raised no error about the geometry field.
    await page.locator('canvas.maplibregl-canvas').first().waitFor({ timeout: 60_000 });
    expect(await page.getByText(/geometri|geometry/i).count()).toBe(0);
    // The layout's "fit to data" control brings the reports into view for the picture; MapLibre draws once its tiles are in.
    await page.locator('.mapboxgl-ctrl-fitdata button, button.mapboxgl-ctrl-fitdata').first().click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(3000);
    await picture(page, 'peta-verifikator');

  }, 180_000);
});
