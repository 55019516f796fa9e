// The Bupati's view in a real browser: Debian's Chromium (apt-get install chromium)
// driven by playwright-core logs in as the demo Bupati, opens "Dasbor Pimpinan"
// and reads the ranking panels and the report map; the screenshot is kept in test/artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_ID, PANELS } from '@kanal-aduan/schema';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import knexFactory from 'knex';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, loginAs } from './helpers.ts';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const CHROMIUM = '/usr/bin/chromium';
// The window the dashboard's ranking panels are configured with (schema/src/dashboards.ts).
const PANEL_DAYS = (PANELS.find((p) => p.type === 'kanal-aduan-ranking')!.options as { days: number }).days;

let context: BrowserContext;
let page: Page;
let profile: string;

type Row = { unit: { code: string; short_name: string | null; name: string } };
async function expectedOrder(level: 'opd' | 'kecamatan'): Promise<{ ranked: string[]; insufficient: string[] }> {
  const token = await loginAs('bupati@example.com');
  const r = await directus<{ data: { ranked: Row[]; insufficient: Row[] } }>(`/kanal-aduan/ranking?level=${level}&days=${PANEL_DAYS}`, { token });
  return { ranked: r.body.data.ranked.map((x) => x.unit.code), insufficient: r.body.data.insufficient.map((x) => x.unit.code) };
}

/** The unit codes a panel lists, in screen order; the panel is found by its level label. */
async function panelUnits(label: string) {
  const panel = page.locator('[data-testid="kanal-ranking"]', { has: page.locator('.meta', { hasText: label }) });
  await panel.locator('tr.unit').first().waitFor({ timeout: 30_000 });
  return {
    panel,
    ranked: await panel.locator('tr.unit').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit'))),
    insufficient: await panel.locator('[data-testid="insufficient"] li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit'))),
  };
}

beforeAll(async () => {
  // Enough assignments in the last 30 days for several units above the minimum volume.
  const knex = knexFactory({ client: 'pg', connection: env('KANAL_PG_URL') });
  try {
    const recent = await knex('assignments').where('assigned_at', '>=', new Date(Date.now() - 30 * 86_400_000)).count({ n: '*' }).first();
    if (Number(recent?.n ?? 0) < 400) await writeDemoWithKnex(knex, 2000, { seed: 607, batch: 1000 });
  } finally {
    await knex.destroy();
  }
  profile = mkdtempSync(join(tmpdir(), 'kanal-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1500 },
    locale: 'id-ID',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('Dasbor Pimpinan in Chromium', () => {
  it('shows the Bupati the OPD and Camat rankings in the endpoint’s order, components on hover, "data belum cukup" apart, and the other panels drawn', async () => {
    const base = env('KANAL_DIRECTUS_URL');
    await page.goto(`${base}/admin/login`);
    await page.locator('input[type="email"]').fill('bupati@example.com');
    await page.locator('input[type="password"]').fill(env('KANAL_DEMO_PASSWORD'));
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 30_000 });

    // No network here: the map panel's tiles are answered empty, so its picture shows the marks on plain ground.
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
    // The ranking is computed at "now": a deadline passing between the panel's drawing and REST's answer moves a
    // unit. So the dashboard is drawn again, and REST asked again, until a drawing and an answer agree (three tries).
    let opd: Awaited<ReturnType<typeof panelUnits>>;
    for (let attempt = 1; ; attempt++) {
      await page.goto(`${base}/admin/insights/${DASHBOARD_ID}`);
      const want = { opd: await expectedOrder('opd'), kec: await expectedOrder('kecamatan') };
      opd = await panelUnits('OPD ·');
      const kec = await panelUnits('Kecamatan (Camat)');
      const shown = { opd: { ranked: opd.ranked, insufficient: opd.insufficient }, kec: kec.ranked };
      if (JSON.stringify(shown) === JSON.stringify({ opd: want.opd, kec: want.kec.ranked }) || attempt === 3) {
        expect(opd.ranked.length).toBeGreaterThan(3);
        expect(opd.ranked).toEqual(want.opd.ranked);
        expect(opd.insufficient).toEqual(want.opd.insufficient);
        expect(kec.ranked).toEqual(want.kec.ranked);
        break;
      }
    }

    // The components are in the row's hover text, in Indonesian.
    const title = await opd.panel.locator('tr.unit').first().getAttribute('title');
    expect(title).toContain('Ditanggapi tepat waktu');
    expect(title).toContain('hari kerja');

    // The map panel frames the public map from the same origin: Leaflet ran in it and drew the server's marks.
    const mapFrame = page.frameLocator('[data-testid="kanal-map"] iframe');
    await mapFrame.locator('[data-testid="map"]').scrollIntoViewIfNeeded();
    await expect.poll(() => mapFrame.locator('[data-testid="map"]').getAttribute('data-drawn'), { timeout: 30_000 }).toMatch(/^[1-9]\d*$/);

    // Let the other panels (metrics, charts) finish drawing before the picture.
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(1500);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dasbor-pimpinan.png'), fullPage: true });

    // Clicking a unit opens its reports in the app: a bookmark with the unit's filter, shown by name.
    const first = opd.ranked[0]!;
    await opd.panel.locator(`tr.unit[data-unit="${first}"]`).click();
    await page.waitForURL(/\/content\/complaints\?bookmark=\d+/, { timeout: 30_000 });
    const bookmarkId = new URL(page.url()).searchParams.get('bookmark');
    const token = await loginAs('bupati@example.com');
    const preset = await directus<{ data: { bookmark: string; filter: unknown } }>(`/presets/${bookmarkId}`, { token });
    expect(preset.body.data.bookmark).toContain('Peringkat: laporan');
    // The app shows the bookmark by name above the unit's reports (not "Bookmark Tidak Tersedia").
    await page.getByText(preset.body.data.bookmark).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ARTIFACTS, 'dasbor-pimpinan-klik-unit.png') });
    // The bookmark's filter, as the Bupati, finds the unit's reports.
    const q = new URLSearchParams({ filter: JSON.stringify(preset.body.data.filter), 'aggregate[count]': 'id' });
    const found = await directus<{ data: Array<{ count: { id: number } }> }>(`/items/complaints?${q}`, { token });
    const all = await directus<{ data: Array<{ count: { id: number } }> }>('/items/complaints?aggregate[count]=id', { token });
    expect(Number(found.body.data[0]!.count.id)).toBeGreaterThanOrEqual(1);
    expect(Number(found.body.data[0]!.count.id)).toBeLessThan(Number(all.body.data[0]!.count.id) / 4);
    // The list shows only as many reports as the filter finds: "N Filtered Items" in the header,
    // and "1–25 of N items" under the list when it has more than one page.
    await page.getByText(new RegExp(`(of )?${Number(found.body.data[0]!.count.id).toLocaleString('en')} (filtered )?items`, 'i')).first().waitFor({ timeout: 30_000 });
  });

  // The chart once drew no bars although its data was right: Insights hands a two-query
  // panel its results in object-key order, and the panel id …d107 made the regions query's
  // key all digits, which JavaScript sorts first (see schema/src/dashboards.ts).
  it('shows "Laporan per kecamatan" with kecamatan names, not codes', async () => {
    await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/insights/${DASHBOARD_ID}`);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.waitForTimeout(1500);
    // "Laporan per kecamatan": bars named by kecamatan (regions.name through the panel's
    // xAxisDisplayField), not by code; the busiest kecamatan is on the chart.
    const bupati = await loginAs('bupati@example.com');
    const groups = await directus<{ data: Array<{ kecamatan: string; count: { id: number | string } }> }>(
      '/items/complaints?aggregate[count]=id&groupBy[]=kecamatan&filter[kecamatan][_nnull]=true&limit=-1', { token: bupati },
    );
    expect(groups.status).toBe(200);
    const busiest = [...groups.body.data].sort((a, b) => Number(b.count.id) - Number(a.count.id))[0]!;
    const region = await directus<{ data: { name: string } }>(`/items/regions/${busiest.kecamatan}?fields=name`, { token: bupati });
    const labels = await page.locator('svg text').allTextContents();
    expect(labels.some((l) => l.includes(region.body.data.name)), labels.join(' | ')).toBe(true);
    expect(labels.some((l) => /\d{2}\.\d{2}\.\d{2}/.test(l)), labels.join(' | ')).toBe(false);
  });
});
