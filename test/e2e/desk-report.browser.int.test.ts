// «Catat laporan (telepon / datang langsung)» in Debian's Chromium on the
// desk's computer: the verifikator signs in on the page (Directus's session
// cookie), looks up a caller by number (the earlier report shows), fills the
// web form's fields, saves and sees the ticket; the page's scripts run under
// the strict CSP, and the session is renewed before the form goes out. An OPD
// officer who signs in is told the page is not for them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, loginPage } from './admin-app.ts';
import { directus, env, fileReport, uniqueWaId } from './helpers.ts';

const PAGE = () => `${env('KANAL_DIRECTUS_URL')}/kanal-aduan/catat`;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `catat-${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string) {
  await page.goto(PAGE());
  await page.locator('[data-testid="login"]').waitFor();
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(env('KANAL_DEMO_PASSWORD'));
  await page.locator('[data-testid="login"] button[type="submit"]').click();
}

describe('«Catat laporan» in Chromium', () => {
  it('the verifikator signs in, finds the caller by number, records the phone report and sees the ticket', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204, body: '' }));
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    const posts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST') posts.push(new URL(r.url()).pathname); });
    const waId = `62812${uniqueWaId().slice(-8)}`;
    const earlier = await fileReport({ waId, name: 'Pak Darto', description: 'Saluran air di depan rumah tersumbat sampah, banjir tiap hujan.' });
    const story = `Jembatan kayu ke sawah patah satu papannya, berbahaya untuk motor. (uji meja layanan ${Date.now()})`;
    try {
      await signIn(page, 'verifikator@example.com');
      await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe('Catat laporan (telepon / datang langsung)');
      expect((await context.cookies()).some((c) => c.name === 'directus_session_token' && c.httpOnly)).toBe(true);

      await page.getByLabel('Telepon').check();
      await page.getByLabel('Nomor HP/WhatsApp pelapor').fill(`0${waId.slice(2)}`);
      await page.getByRole('button', { name: 'Cari warga' }).click();
      await page.getByTestId('citizen').waitFor({ timeout: 15_000 }).catch(async (e) => {
        throw new Error(`${String(e)}\nat ${page.url()} after ${posts.join(', ')}; problems ${problems.join(' | ')}\n${await page.locator('body').innerText()}`);
      });
      expect(await page.getByTestId('citizen-name').innerText()).toBe('Pak Darto');
      expect(await page.getByTestId('citizen-reports').innerText()).toContain(earlier.ticket);
      // What was chosen before the lookup is still chosen; the name on file fills the name field.
      expect(await page.getByLabel('Telepon').isChecked()).toBe(true);
      expect(await page.getByLabel('Nama pelapor').inputValue()).toBe('Pak Darto');

      await page.getByLabel('Kategori').selectOption({ label: 'Jalan dan Jembatan' });
      await page.getByLabel('Cerita warga').fill(story);
      await page.getByLabel('Kecamatan', { exact: true }).selectOption('16.02.05');
      await page.getByLabel('Desa/kelurahan').selectOption('16.02.05.1008');
      await page.getByLabel('RT', { exact: true }).fill('4');
      await shot(page, 'formulir');
      posts.length = 0;
      await page.getByRole('button', { name: 'Simpan laporan' }).click();
      await expect.poll(() => page.locator('h1').innerText(), { timeout: 30_000 }).toBe('Laporan tercatat');
      const ticket = await page.getByTestId('ticket').innerText();
      expect(ticket).toMatch(/^ADU-\d{4}-\d{5}$/);
      expect(await page.getByTestId('whatsapp').innerText()).toContain(`cek ${ticket}`);
      // The session was renewed before the form went out.
      expect(posts.slice(0, 2)).toEqual(['/auth/refresh', '/kanal-aduan/catat']);
      await shot(page, 'tercatat');

      const row = (await directus<{ data: Array<Record<string, any>> }>(
        `/items/complaints?filter[ticket][_eq]=${ticket}&fields=channel,category,region,rt,reporter.wa_id,user_created.email`,
      )).body.data[0]!;
      expect(row).toMatchObject({ channel: 'phone', category: 'JALAN', region: '16.02.05.1008', rt: '004', reporter: { wa_id: waId }, user_created: { email: 'verifikator@example.com' } });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('an OPD officer who signs in is told the page is for the verifikator', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'id-ID' });
    const page = await context.newPage();
    try {
      await signIn(page, 'opd.pupr@example.com');
      await page.getByTestId('forbidden').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('forbidden').innerText()).toContain('hanya untuk verifikator dan admin');
      expect(await page.locator('#lapor').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('is in the admin app\'s module bar for the verifikator, framed in the app; an OPD officer has no such module', async () => {
    // The schema apply put it in the module bar once (an admin's own entries kept).
    const bar = (await directus<{ data: { module_bar: Array<{ id: string; type: string; enabled: boolean }> } }>('/settings?fields=module_bar')).body.data.module_bar;
    expect(bar.filter((m) => m.id === 'kanal-aduan-catat')).toEqual([expect.objectContaining({ type: 'module', enabled: true })]);
    expect(bar.map((m) => m.id)).toEqual(expect.arrayContaining(['content', 'users', 'files', 'settings']));
    // The page may be framed by the app, never by another site; the citizens' web form by nobody.
    const catat = await fetch(PAGE(), { redirect: 'manual' });
    expect(catat.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(catat.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect((await fetch(`${env('KANAL_DIRECTUS_URL')}/kanal-aduan/lapor`)).headers.get('x-frame-options')).toBe('DENY');

    const page = await loginPage(browser, 'verifikator@example.com');
    try {
      const link = page.locator('.module-bar a[href$="/kanal-aduan-catat"]');
      await link.waitFor({ timeout: 60_000 });
      await link.click();
      await page.waitForURL((u) => u.pathname.endsWith('/admin/kanal-aduan-catat'));
      const frame = page.frameLocator('[data-testid="kanal-catat"] iframe');
      await expect.poll(() => frame.locator('h1').innerText(), { timeout: 30_000 }).toBe('Catat laporan (telepon / datang langsung)');
      expect((await page.locator('[data-testid="kanal-catat"] iframe').boundingBox())!.height).toBeGreaterThanOrEqual(480);
      // The page's own links leave the frame (the public pages refuse to be framed).
      expect(await frame.locator('header.top nav a[href*="lapor"]').getAttribute('target')).toBe('_top');
      await shot(page, 'module');
    } finally {
      await page.context().close();
    }
    const officer = await loginPage(browser, 'opd.pupr@example.com');
    try {
      await officer.locator('.module-bar').waitFor({ timeout: 60_000 });
      expect(await officer.locator('.module-bar a[href$="/kanal-aduan-catat"]').count()).toBe(0);
    } finally {
      await officer.context().close();
    }
  }, 180_000);
});
