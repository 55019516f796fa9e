// The Bupati's phone page (/kanal-aduan/pimpinan) in Debian's Chromium at
// 390×844 and on a desktop: every number it shows is checked against what the
// REST API gives the same user (bupati@example.com), tapping an overdue report
// opens its history, a kecamatan filter changes the list, and an officer is
// refused. Screenshots: test/artifacts/pimpinan-*.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { histogramMedian, makeCalendar, STATUS_LABELS, workingDaysBetween, type Status } from '@kanal-aduan/core';
import { OPEN_STATUSES } from '@kanal-aduan/schema/src/collections/reports.ts';
import { OVERDUE_FILTER } from '@kanal-aduan/schema/src/overdue-filter.ts';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import knexFactory from 'knex';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, loginPage } from './admin-app.ts';
import { directus, env, fileReport, loginAs } from './helpers.ts';

let browser: Browser;
let bupati: string;
const base = () => env('KANAL_DIRECTUS_URL');
const PAGE = () => `${base()}/kanal-aduan/pimpinan`;

/** "1.234" / "2,5" (Indonesian; "1,234" / "2.5" in English) as a number; "–" as null. */
let lang: 'id' | 'en' = 'id';
const idNumber = (s: string) =>
  s.trim() === '–' ? null : Number(lang === 'en' ? s.trim().replaceAll(',', '') : s.trim().replaceAll('.', '').replace(',', '.'));

async function count(filter: unknown): Promise<number> {
  const r = await directus<{ data: Array<{ count: { id: number } | number }> }>(
    `/items/complaints?aggregate[count]=id&filter=${encodeURIComponent(JSON.stringify(filter))}`, { token: bupati });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const c = r.body.data[0]!.count;
  return Number(typeof c === 'object' ? c.id : c);
}

async function figure(page: Page, id: string) {
  return idNumber(await page.locator(`[data-testid="${id}"] [data-value]`).innerText());
}

/** What the REST API gives the Bupati for the page's window and kecamatan, the same rules (schema's filters, core's clock). */
async function expected(from: string, to: string, days: number, kecamatan: string | null) {
  const place = kecamatan ? [{ kecamatan: { _eq: kecamatan } }] : [];
  const inWindow = { received_at: { _gte: from, _lte: to } };
  const rows = await directus<{ data: Array<{ received_at: string; first_response_at: string }> }>(
    `/items/complaints?limit=-1&fields=received_at,first_response_at&filter=${encodeURIComponent(JSON.stringify({ _and: [inWindow, { status: { _neq: 'rejected' } }, { first_response_at: { _nnull: true } }, ...place] }))}`,
    { token: bupati });
  const knex = knexFactory({ client: 'pg', connection: env('KANAL_PG_URL') });
  let calendar;
  try {
    const s = await knex('settings').first('timezone');
    const holidays = await knex('holidays').select('date');
    calendar = makeCalendar(s?.timezone || 'Asia/Jakarta', holidays.map((h) => (h.date instanceof Date ? h.date.toISOString().slice(0, 10) : String(h.date).slice(0, 10))));
  } finally {
    await knex.destroy();
  }
  const histogram: Record<number, number> = {};
  for (const r of rows.body.data) {
    const a = new Date(r.received_at);
    const b = new Date(r.first_response_at);
    if (b < a) continue;
    const d = workingDaysBetween(a, b, calendar);
    histogram[d] = (histogram[d] ?? 0) + 1;
  }
  const ranking = async (level: string) =>
    (await directus<{ data: { ranked: Array<{ unit: { code: string }; score: number }> } }>(`/kanal-aduan/ranking?level=${level}&days=${days}`, { token: bupati })).body.data.ranked;
  return {
    received: await count({ _and: [inWindow, ...place] }),
    open: await count({ _and: [{ status: { _in: [...OPEN_STATUSES] } }, ...place] }),
    overdue: await count({ _and: [OVERDUE_FILTER, ...place] }),
    median: histogramMedian(histogram),
    opd: await ranking('opd'),
    kecamatan: await ranking('kecamatan'),
  };
}

async function windowOf(page: Page) {
  const w = page.locator('[data-testid="window"]');
  return { from: (await w.getAttribute('data-from'))!, to: (await w.getAttribute('data-to'))!, days: Number(await w.getAttribute('data-days')) };
}

async function checkAgainstRest(page: Page, kecamatan: string | null) {
  const w = await windowOf(page);
  const want = await expected(w.from, w.to, w.days, kecamatan);
  expect(await figure(page, 'received')).toBe(want.received);
  expect(await figure(page, 'open')).toBe(want.open);
  expect(await figure(page, 'overdue')).toBe(want.overdue);
  const median = await figure(page, 'median-response');
  if (want.median === null) expect(median).toBeNull();
  else expect(median).toBeCloseTo(want.median, 1);
  // The ranking is computed at "now": a deadline passing between the page's drawing and REST's answer moves a
  // score. So the page is drawn again, and REST asked again, until a drawing and an answer agree (three tries).
  for (let attempt = 1; ; attempt++) {
    const rest = attempt === 1 ? want : await expected(w.from, w.to, w.days, kecamatan);
    const shown = async (level: 'opd' | 'kecamatan') => {
      const rows = page.locator(`[data-testid="ranking-${level}"] tbody tr`);
      return { units: await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit'))), scores: (await rows.locator('td.score').allInnerTexts()).map(idNumber) };
    };
    const wanted = (level: 'opd' | 'kecamatan') => ({
      units: rest[level].map((r) => r.unit.code),
      scores: rest[level].map((r) => (r.score === null ? null : Math.round(r.score * 10) / 10)),
    });
    const page_ = { opd: await shown('opd'), kecamatan: await shown('kecamatan') };
    const same = JSON.stringify(page_) === JSON.stringify({ opd: wanted('opd'), kecamatan: wanted('kecamatan') });
    if (same || attempt === 3) {
      expect(page_.opd).toEqual(wanted('opd'));
      expect(page_.kecamatan).toEqual(wanted('kecamatan'));
      break;
    }
    await page.reload();
    await page.locator('[data-testid="ranking-opd"]').waitFor();
  }
  // The list shows at most 50, and as many as the count when fewer.
  expect(await page.locator('[data-testid="overdue-list"] a[data-report]').count()).toBe(Math.min(want.overdue, 50));
  return want;
}

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `pimpinan-${name}.png`), fullPage: name !== 'phone-timeline' && name !== 'phone-leader-message' });
}

beforeAll(async () => {
  // Enough recent reports for ranked units and overdue reports (as the Insights test does).
  const knex = knexFactory({ client: 'pg', connection: env('KANAL_PG_URL') });
  try {
    const recent = await knex('assignments').where('assigned_at', '>=', new Date(Date.now() - 30 * 86_400_000)).count({ n: '*' }).first();
    if (Number(recent?.n ?? 0) < 400) await writeDemoWithKnex(knex, 2000, { seed: 607, batch: 1000 });
    // A report dated after the page's window ends (its minute): the page must leave it out, as REST does.
    const late = await fileReport<{ id: number }>({ description: 'Saluran air di depan sekolah tersumbat sampah.' });
    await knex('complaints').where({ id: late.id }).update({ received_at: new Date(Date.now() + 5 * 60_000) });
  } finally {
    await knex.destroy();
  }
  bupati = await loginAs('bupati@example.com');
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe('Dasbor Pimpinan on a phone', () => {
  it('logs the Bupati in, shows the REST API’s figures and ranking, opens a report’s history on tap, and filters by kecamatan', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'id-ID' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      const first = await page.goto(PAGE());
      expect(first!.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('[data-testid="login"]').waitFor();
      await page.locator('#email').fill('bupati@example.com');
      await page.locator('#password').fill(env('KANAL_DEMO_PASSWORD'));
      await page.locator('[data-testid="login"] button[type="submit"]').tap();
      await page.locator('[data-testid="ranking-opd"]').waitFor({ timeout: 60_000 });
      // The session is Directus's own cookie; nothing about it is in the address.
      expect(page.url()).toBe(PAGE());
      expect((await context.cookies()).some((c) => c.name === 'directus_session_token' && c.httpOnly)).toBe(true);

      const all = await checkAgainstRest(page, null);
      expect(all.opd.length).toBeGreaterThan(0);
      // Nothing overflows the phone's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'phone');

      // Tap the first overdue report: its history, as the REST API gives the Bupati.
      const report = page.locator('[data-testid="overdue-list"] a[data-report]').first();
      const id = Number(await report.getAttribute('data-report'));
      const ticket = await report.getAttribute('data-ticket');
      await report.tap();
      const sheet = page.locator('[data-testid="timeline"]');
      await sheet.waitFor({ state: 'visible' });
      const updates = await directus<{ data: Array<{ kind: string; status_to: Status | null }> }>(
        `/items/complaint_updates?limit=-1&fields=kind,status_to&sort=date_created,id&filter[complaint][_eq]=${id}`, { token: bupati });
      await expect.poll(() => sheet.locator('.timeline li').count(), { timeout: 20_000 }).toBe(updates.body.data.length);
      expect(await sheet.locator('.sheet-sub').innerText()).toContain(ticket!);
      // Each status change, in order, ends in the status it set.
      const changes = await sheet.locator('.timeline li.status_change .what').allInnerTexts();
      const wanted = updates.body.data.filter((u) => u.kind === 'status_change').map((u) => STATUS_LABELS[u.status_to!].id);
      expect(changes.length).toBe(wanted.length);
      changes.forEach((text, i) => expect(text.split(" · ")[0]!.trim().endsWith(wanted[i]!), `${text} ends in ${wanted[i]}`).toBe(true));
      await shot(page, 'phone-timeline');

      // «Pesan pimpinan» from the sheet: an empty one is stopped on the phone, a written one is
      // stored as the Bupati's (the policy signs it) and shows at the end of the history.
      const form = sheet.getByTestId('leader-message');
      await form.getByRole('button', { name: 'Kirim ke pelapor' }).tap();
      await expect.poll(() => form.locator('.message-state').innerText()).toBe('Tulis pesannya dulu.');
      const words = `Saya pantau laporan ini; mohon OPD segera menindaklanjuti (${Date.now()}).`;
      await form.locator('textarea').fill(words);
      await form.getByRole('button', { name: 'Kirim ke pelapor' }).tap();
      await expect.poll(() => form.locator('.message-state').innerText(), { timeout: 20_000 }).toBe('Pesan tersimpan dan sedang dikirim ke pelapor.');
      await expect.poll(() => sheet.locator('.timeline li').count(), { timeout: 20_000 }).toBe(updates.body.data.length + 1);
      expect(await sheet.locator('.timeline li.leader_message').last().innerText()).toContain(words);
      expect(await form.locator('textarea').inputValue()).toBe('');
      const me = (await directus<{ data: { id: string } }>('/users/me?fields=id', { token: bupati })).body.data.id;
      const mine = await directus<{ data: Array<Record<string, unknown>> }>(
        `/items/complaint_updates?fields=kind,public,author,body&filter[complaint][_eq]=${id}&filter[kind][_eq]=leader_message`, { token: bupati });
      expect(mine.body.data).toEqual([{ kind: 'leader_message', public: true, author: me, body: words }]);
      await shot(page, 'phone-leader-message');
      await sheet.getByRole('button', { name: 'Tutup' }).tap();
      await sheet.waitFor({ state: 'hidden' });

      // A kecamatan with overdue reports, fewer than all: choosing it changes the list.
      const kecRows = await directus<{ data: Array<{ kecamatan: string | null }> }>(
        `/items/complaints?limit=-1&fields=kecamatan&filter=${encodeURIComponent(JSON.stringify(OVERDUE_FILTER))}`, { token: bupati });
      const perKec = new Map<string, number>();
      for (const r of kecRows.body.data) if (r.kecamatan) perKec.set(r.kecamatan, (perKec.get(r.kecamatan) ?? 0) + 1);
      const [kec] = [...perKec.entries()].sort((a, b) => b[1] - a[1]).find(([, n]) => n < all.overdue) ?? [];
      expect(kec, 'a kecamatan with some but not all overdue reports').toBeTruthy();
      const before = await page.locator('a[data-report]').evaluateAll((as) => as.map((a) => a.getAttribute('data-ticket')));
      await Promise.all([page.waitForURL((u) => u.searchParams.get('kecamatan') === kec), page.locator('[data-testid="kecamatan"]').selectOption(kec!)]);
      await page.locator('[data-testid="ranking-opd"]').waitFor();
      const filtered = await checkAgainstRest(page, kec!);
      expect(filtered.overdue).toBeLessThan(all.overdue);
      const after = await page.locator('a[data-report]').evaluateAll((as) => as.map((a) => a.getAttribute('data-ticket')));
      expect(after).not.toEqual(before);
      const name = await page.locator('[data-testid="kecamatan"] option:checked').innerText();
      for (const meta of await page.locator('a[data-report] .meta:not(.late)').allInnerTexts()) expect(meta).toContain(name);

      // A period chip keeps the kecamatan and changes the window.
      await page.getByRole('link', { name: 'Tahun ini' }).tap();
      await page.waitForURL((u) => u.searchParams.get('periode') === 'tahun-ini' && u.searchParams.get('kecamatan') === kec);
      await checkAgainstRest(page, kec!);
      expect(errors).toEqual([]);

      // The report map is one tap away.
      await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
      await page.getByTestId('map-link').tap();
      await page.waitForURL(/\/kanal-aduan\/peta/);
      await expect.poll(() => page.getByTestId('map').getAttribute('data-drawn'), { timeout: 20_000 }).toMatch(/^\d+$/);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('on a desktop uses the admin app’s session, in English on ?lang=en, with compressed, long-cached assets', async () => {
    const page = await loginPage(browser, 'bupati@example.com'); // the Directus admin app's own login
    try {
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.goto(`${PAGE()}?lang=en`);
      lang = 'en';
      await page.locator('[data-testid="ranking-kecamatan"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="received"] .label').innerText()).toBe('Reports this period');
      await checkAgainstRest(page, null);
      await shot(page, 'desktop');

      const js = await page.locator('script[src]').getAttribute('src');
      const res = await fetch(new URL(js!, base()), { headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const manifest = await (await fetch(new URL((await page.locator('link[rel="manifest"]').getAttribute('href'))!, base()))).json();
      expect(manifest).toMatchObject({ display: 'standalone', theme_color: '#0b6e4f' });
      const icon = await fetch(new URL(manifest.icons.find((i: { sizes: string }) => i.sizes === '512x512').src, base()));
      expect(icon.headers.get('content-type')).toBe('image/png');
    } finally {
      lang = 'id';
      await page.context().close();
    }
  }, 180_000);

  it('refuses an officer without Pimpinan rights, on the page and on a report’s history', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'id-ID' });
    const page = await context.newPage();
    try {
      await page.goto(PAGE());
      await page.locator('#email').fill('opd.pupr@example.com');
      await page.locator('#password').fill(env('KANAL_DEMO_PASSWORD'));
      const answer = page.waitForResponse((r) => r.url() === PAGE() && r.request().method() === 'GET');
      await page.locator('[data-testid="login"] button[type="submit"]').tap();
      expect((await answer).status()).toBe(403);
      await page.locator('[data-testid="forbidden"]').waitFor();
      expect(await page.locator('[data-testid="received"]').count()).toBe(0);
      expect(await page.locator('[data-testid="ranking-opd"]').count()).toBe(0);
      await shot(page, 'officer-refused');
      const officer = await loginAs('opd.pupr@example.com');
      const mine = await directus<{ data: Array<{ id: number }> }>('/items/complaints?limit=1&fields=id', { token: officer });
      const id = mine.body.data[0]?.id ?? 1;
      expect((await directus(`/kanal-aduan/pimpinan/laporan/${id}`, { token: officer })).status).toBe(403);
      expect((await directus(`/kanal-aduan/pimpinan/laporan/${id}`, { token: '' })).status).toBe(401);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('is installable: Chromium finds no installability error on the signed-in phone page', async () => {
    // A profile on disk: Chromium refuses to install from an incognito context (playwright's newContext) with "in-incognito".
    const profile = mkdtempSync(join(tmpdir(), 'kanal-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'id-ID',
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      // https://chromedevtools.github.io/devtools-protocol/tot/Page/#method-getInstallabilityErrors
      const errors = async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId);
      // The check can fail: a resource with no manifest is not installable.
      await page.goto(`${base()}/kanal-aduan/health`);
      expect(await errors()).toContain('no-manifest');
      await page.goto(PAGE());
      await page.locator('#email').fill('bupati@example.com');
      await page.locator('#password').fill(env('KANAL_DEMO_PASSWORD'));
      await page.locator('[data-testid="login"] button[type="submit"]').tap();
      await page.locator('[data-testid="ranking-opd"]').waitFor({ timeout: 60_000 });
      expect(await errors()).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
