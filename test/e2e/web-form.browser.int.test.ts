// The web form in Debian's Chromium on a phone (390×844): a citizen fills the
// story, picks kecamatan and desa (the desa list narrows to the kecamatan),
// takes the pin from the phone's location, attaches a photo, gives a WhatsApp
// number and asks to stay confidential, sends, and sees the ticket and the
// tracking code; "Lihat laporan saya" opens the ticket page. The page's own
// script runs under the strict CSP (nothing blocked) and nothing scrolls
// sideways. Screenshots land in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './admin-app.ts';
import { directus, env, PNG, uniqueWaId } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `lapor-${name}.png`), fullPage: true });
}

describe('web form in Chromium', () => {
  it('a citizen on a phone files a report with a pin and a photo and sees the ticket', async () => {
    const width = 390;
    const context = await browser.newContext({
      viewport: { width, height: 844 }, isMobile: true, hasTouch: true, locale: 'id-ID',
      // The phone's location: near desa Sukadana, Kec. Kayu Agung.
      permissions: ['geolocation'], geolocation: { latitude: -3.3701, longitude: 104.8361 },
    });
    const page = await context.newPage();
    // No network here: the tile server is answered with an empty tile.
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    const waId = `62812${uniqueWaId().slice(-8)}`;
    const story = `Lampu jalan di depan masjid sudah tiga minggu mati, jalan gelap dan rawan. (uji peramban ${Date.now()})`;
    try {
      await page.goto(`${env('KANAL_DIRECTUS_URL')}/kanal-aduan/lacak`);
      // Reached from every public page's navigation.
      await page.getByRole('link', { name: 'Lapor', exact: true }).click();
      await page.waitForURL(/\/kanal-aduan\/lapor$/);
      expect(await page.locator('h1').innerText()).toBe('Lapor lewat situs');
      // The stylesheet loaded under the CSP; the honeypot is off-screen.
      expect(await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 110, 79)');
      expect(await page.locator('#website').evaluate((el) => el.getBoundingClientRect().right)).toBeLessThan(0);

      await page.getByLabel('Kategori').selectOption({ label: 'Penerangan Jalan Umum' });
      await page.getByLabel('Ceritakan masalahnya').fill(story);
      await page.getByLabel('Kecamatan', { exact: true }).selectOption('16.02.05');
      // The desa list narrows to Kayu Agung's villages.
      const desa = page.getByLabel('Desa/kelurahan');
      expect(await desa.locator('optgroup[data-kecamatan="16.02.05"]').evaluate((g) => (g as HTMLOptGroupElement).disabled)).toBe(false);
      expect(await desa.locator('optgroup:not([data-kecamatan="16.02.05"])').first().evaluate((g) => (g as HTMLOptGroupElement).disabled)).toBe(true);
      await desa.selectOption('16.02.05.1008');
      // A tap on the map sets a pin…
      await page.getByRole('button', { name: 'Pilih titik di peta' }).click();
      const pickMap = page.getByTestId('pick-map');
      await expect.poll(() => pickMap.locator('.leaflet-tile-pane').count()).toBe(1);
      await pickMap.click({ position: { x: 150, y: 100 } });
      await expect.poll(() => page.getByTestId('location-status').innerText()).toMatch(/^Titik lokasi tersimpan: -\d+\.\d{6}, 10\d\.\d{6}$/);
      expect(await pickMap.locator('path.leaflet-interactive').count()).toBe(1);
      // …and the phone's own location replaces it.
      await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
      await expect.poll(() => page.getByTestId('location-status').innerText()).toContain('Titik lokasi tersimpan: -3.370100, 104.836100');
      await page.locator('#foto').setInputFiles({ name: 'lampu.png', mimeType: 'image/png', buffer: PNG });
      await page.getByLabel('Nomor WhatsApp').fill(`0${waId.slice(2)}`);
      await page.getByLabel('Nama').fill('Dewi');
      await page.getByLabel('Rahasiakan identitas saya').check();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, 'formulir-ponsel');

      await page.getByRole('button', { name: 'Kirim laporan' }).click();
      await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe('Laporan terkirim');
      const ticket = await page.getByTestId('ticket').innerText();
      const code = await page.getByTestId('code').innerText();
      expect(ticket).toMatch(/^ADU-\d{4}-\d{5}$/);
      expect(code).toMatch(/^[A-Z0-9]{8}$/);
      expect(await page.getByTestId('whatsapp').innerText()).toContain(`cek ${ticket}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, 'terkirim-ponsel');

      // Stored as the browser sent it: the pin, the desa, the photo, the number's citizen.
      const row = (await directus<{ data: Array<Record<string, any>> }>(
        `/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,channel,category,region,latitude,longitude,confidential,reporter.wa_id`,
      )).body.data[0]!;
      expect(row).toMatchObject({ channel: 'web', category: 'PJU', region: '16.02.05.1008', latitude: -3.3701, longitude: 104.8361, confidential: true, reporter: { wa_id: waId } });

      const media = (await directus<{ data: Array<Record<string, any>> }>(`/items/complaint_media?filter[complaint][_eq]=${row['id']}&fields=kind,file.metadata_cleaned`)).body.data;
      expect(media).toEqual([{ kind: 'image', file: { metadata_cleaned: true } }]);

      // "Lihat laporan saya" posts ticket and code to the ticket page (the code never in the address).
      await page.getByRole('button', { name: 'Lihat laporan saya' }).click();
      await page.waitForURL(/\/kanal-aduan\/lacak$/);
      expect(page.url()).not.toContain(code);
      await expect.poll(() => page.getByTestId('status').innerText()).toContain('Diterima');
      await shot(page, 'lacak-ponsel');
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
