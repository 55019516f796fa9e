// The public pages in Debian's Chromium at phone size (390×844) and on a
// desktop: the citizen types the ticket and code from WhatsApp, sees the
// timeline with the officer's photo, and opens the performance page. The page
// runs no script; the strict CSP must still let the stylesheet and the photo
// load. The map page runs Leaflet and its own script from us, nothing else.
// Screenshots land in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from './admin-app.ts';
import { env } from './helpers.ts';
import { reportFollowedUpByDpupr, type FiledReport } from './public-pages.ts';

let browser: Browser;
let report: FiledReport;

const SIZES = [
  { name: 'ponsel', viewport: { width: 390, height: 844 }, mobile: true },
  { name: 'desktop', viewport: { width: 1440, height: 1000 }, mobile: false },
] as const;

beforeAll(async () => {
  report = await reportFollowedUpByDpupr('Rina');
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `publik-${name}.png`), fullPage: true });
}

/** Nothing wider than the screen: the page scrolls only down. */
async function expectNoSideScroll(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** A fresh browser context at the size, with the page's CSP refusals collected. */
async function phoneOrDesktop(size: (typeof SIZES)[number]) {
  const context = await browser.newContext({ viewport: size.viewport, isMobile: size.mobile, hasTouch: size.mobile, locale: 'id-ID' });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  return { context, page, blocked };
}

/** The index of the first mark matching `selector` that lies inside the map's frame (the server also sends those just beyond its edges). */
async function insideMap(map: Locator, selector: string): Promise<number> {
  const index = await map.evaluate((m, sel) => {
    const box = m.getBoundingClientRect();
    return [...m.querySelectorAll(sel)].findIndex((c) => {
      const r = c.getBoundingClientRect();
      return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    });
  }, selector);
  return Math.max(0, index);
}

describe('public pages in Chromium', () => {
  for (const size of SIZES) {
    it(`tracking and performance at ${size.viewport.width}×${size.viewport.height}`, async () => {
      const { context, page, blocked } = await phoneOrDesktop(size);
      try {
        await page.goto(`${env('KANAL_DIRECTUS_URL')}/kanal-aduan/lacak`);
        // The stylesheet loaded under the CSP: the header has the service's green.
        expect(await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 110, 79)');
        await page.getByLabel('Nomor tiket').fill(report.ticket);
        await page.getByLabel('Kode lacak').fill(report.code);
        await shot(page, `lacak-form-${size.name}`);
        await page.getByRole('button', { name: 'Lacak' }).click();
        await page.waitForURL(/\/kanal-aduan\/lacak$/);
        // The code was posted, not put in the address.
        expect(page.url()).not.toContain(report.code);
        await expect.poll(() => page.getByTestId('status').innerText()).toContain('Sedang Ditindaklanjuti');
        const timeline = page.getByTestId('timeline');
        await expect.poll(() => timeline.innerText()).toContain('<script>alert("x")</script>');
        const img = timeline.locator('img').first();
        await img.scrollIntoViewIfNeeded();
        await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
        expect(await page.evaluate(() => document.scripts.length)).toBe(0);
        await expectNoSideScroll(page, size.viewport.width);
        await shot(page, `lacak-hasil-${size.name}`);

        await page.getByRole('link', { name: 'Kinerja layanan' }).first().click();
        await page.waitForURL(/\/kanal-aduan\/kinerja/);
        await page.getByRole('link', { name: '3 bulan terakhir' }).click();
        await page.waitForURL(/periode=3-bulan/);
        await expect.poll(() => page.getByTestId('median-response').innerText()).toContain('hari kerja');
        expect(await page.getByTestId('by-kecamatan').locator('tbody tr').count()).toBeGreaterThan(0);
        await expectNoSideScroll(page, size.viewport.width);
        await shot(page, `kinerja-${size.name}`);

        await page.getByRole('link', { name: 'English' }).click();
        await expect.poll(() => page.locator('h1').innerText()).toBe('Complaint service performance');
        expect(new URL(page.url()).searchParams.get('periode')).toBe('3-bulan');
        expect(blocked).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);

    it(`the report map at ${size.viewport.width}×${size.viewport.height}`, async () => {
      const { context, page, blocked } = await phoneOrDesktop(size);
      // No network here: the tile server is answered with an empty tile, so the picture shows the marks on plain ground.
      await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
      try {
        await page.goto(`${env('KANAL_DIRECTUS_URL')}/kanal-aduan/lacak`);
        await page.getByRole('link', { name: 'Peta laporan' }).first().click();
        await page.waitForURL(/\/kanal-aduan\/peta/);
        // Leaflet ran under the policy and drew the server's marks: the followed-up report stands at kelurahan Sukadana's centre.
        const map = page.getByTestId('map');
        await expect.poll(() => map.getAttribute('data-drawn'), { timeout: 20_000 }).toMatch(/^[1-9]\d*$/);
        expect(await map.locator('.leaflet-marker-icon.cluster, path.pt').count()).toBeGreaterThan(0);
        await page.getByRole('button', { name: 'Tampilkan' }).click();
        await page.waitForURL(/periode=3-bulan/);
        await expect.poll(() => map.getAttribute('data-drawn'), { timeout: 20_000 }).toMatch(/^[1-9]\d*$/);
        // Zoom into the clusters until a single report can be opened: its popup names category and status, never a ticket.
        // Each click zooms to where the cluster splits; the next click waits for that zoom's marks to be drawn.
        for (let i = 0; i < 12 && (await map.locator('path.pt').count()) === 0; i++) {
          const zoom = await map.getAttribute('data-zoom');
          await map.locator('.leaflet-marker-icon.cluster').nth(await insideMap(map, '.leaflet-marker-icon.cluster')).click();
          await expect.poll(() => map.getAttribute('data-zoom'), { timeout: 10_000 }).not.toBe(zoom);
        }
        // The tap goes to the mark itself (Leaflet handles it on the map as a click on that path): a click at its
        // coordinates could land on a cluster icon or a control drawn over it and open nothing.
        await map.locator('path.pt').nth(await insideMap(map, 'path.pt')).dispatchEvent('click');
        const popup = page.locator('.leaflet-popup-content');
        await expect.poll(() => popup.innerText()).toMatch(/Terverifikasi|Didisposisikan|Sedang Ditindaklanjuti|Selesai|Ditutup/);
        expect(await popup.innerText()).not.toMatch(/ADU-\d{4}/);
        // A move asks the server again and redraws; the open popup stays (Leaflet's own pan to fit it is such a move).
        const loads = Number(await map.getAttribute('data-loads'));
        await map.focus();
        await page.keyboard.press('ArrowLeft');
        await expect.poll(() => map.getAttribute('data-loads').then(Number), { timeout: 20_000 }).toBeGreaterThan(loads);
        expect(await popup.innerText()).toMatch(/Terverifikasi|Didisposisikan|Sedang Ditindaklanjuti|Selesai|Ditutup/);
        // Leaflet fades the popup in; the picture is taken once it is fully shown.
        await expect.poll(() => page.locator('.leaflet-popup').evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
        await expectNoSideScroll(page, size.viewport.width);
        await shot(page, `peta-${size.name}`);
        expect(blocked).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
