// Issue 4 in the Directus app itself: the verifikator verifies a new report and
// dispositions it with the routing suggestion pre-filled, then the DPUPR officer
// accepts it and posts a public follow-up that reaches the citizen on WhatsApp —
// all by clicking in Debian's Chromium (playwright-core); the REST API and the
// simulator only check the outcome. Screenshots: test/artifacts/admin-*.png.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, sim, uniqueWaId } from './helpers.ts';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const CHROMIUM = '/usr/bin/chromium';
const FOLLOW_UP = 'Tim DPUPR sudah meninjau lokasi; penambalan lubang dijadwalkan hari Kamis.';

type Complaint = { id: number; ticket: string; status: string; assigned_agency: string | null; suggested_agency: string | null };
type SimEntry = { body: Record<string, any> };
// Outside the 24-hour window (this citizen never wrote to the bot) the follow-up goes out as the approved template.
const textOf = (m: SimEntry): string => m.body.text?.body ?? JSON.stringify(m.body.template ?? m.body);

let browser: Browser;
let report: Complaint;
const waId = uniqueWaId();
const citizenName = 'Ratna Sari';

async function read(id: number): Promise<Complaint> {
  return (await directus<{ data: Complaint }>(`/items/complaints/${id}?fields=id,ticket,status,assigned_agency,suggested_agency`)).body.data;
}

async function loginPage(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1400 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/login`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(env('KANAL_DEMO_PASSWORD'));
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 60_000 });
  return page;
}

async function openReport(page: Page, id: number) {
  await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/content/complaints/${id}`);
  // The status field is the bundle's "next step" buttons; it is ready once they are.
  await page.locator('[data-testid="kanal-status"] [role="radio"]').first().waitFor({ timeout: 60_000 });
}

/** A form field by its column name (Directus renders `data-field` on every field). */
const field = (page: Page, name: string) => page.locator(`.field[data-field="${name}"]`);

async function step(page: Page, label: string | RegExp) {
  await page.getByRole('radio', { name: label }).click();
}

/** Ctrl+S is the app's "save and stay". */
async function save(page: Page) {
  await page.keyboard.press('Control+s');
}

async function picture(page: Page, name: string) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(800);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A new report from a citizen, as the intake flow would have written it.
  const citizen = await directus<{ data: { id: string } }>('/items/citizens', {
    method: 'POST',
    body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: citizenName, locale: 'id', blocked: false }),
  });
  expect(citizen.status, JSON.stringify(citizen.body)).toBe(200);
  const created = await directus<{ data: Complaint }>('/items/complaints', {
    method: 'POST',
    body: JSON.stringify({
      type: 'pengaduan', category: 'JALAN', title: 'Jalan berlubang depan pasar', region: '16.02.05', address: 'Jl. Letnan Mukhtar Saleh',
      description: 'Jalan di depan pasar berlubang besar, dua motor jatuh minggu ini.', channel: 'whatsapp', reporter: citizen.body.data.id, locale: 'id',
    }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  report = created.body.data;
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the admin app, clicked through as each role', () => {
  it('the verifikator verifies and dispositions with the suggested agency pre-filled', async () => {
    const page = await loginPage('verifikator@example.com');
    await openReport(page, report.id);
    // The citizen is visible to the verifikator, by name and number.
    await expect.poll(() => field(page, 'reporter').innerText(), { timeout: 30_000 }).toContain(citizenName);
    // Only the verifikator's moves from "Diterima" are offered.
    const offered = await page.locator('[data-testid="kanal-status"] [role="radio"]').allInnerTexts();
    expect(offered.map((t) => t.trim())).toEqual(['Tetap «Diterima»', 'Verifikasi', 'Tunda: minta keterangan warga', 'Tolak']);

    await step(page, 'Verifikasi');
    await picture(page, 'verifikator-verifikasi');
    await save(page);
    await expect.poll(async () => (await read(report.id)).status, { timeout: 30_000 }).toBe('verified');
    // n8n's routing writes the suggestion from routing_rules (JALAN in 16.02 -> DPUPR).
    await expect.poll(async () => (await read(report.id)).suggested_agency, { timeout: 60_000 }).toBe('DPUPR');

    await openReport(page, report.id);
    await step(page, 'Disposisikan ke instansi');
    await expect.poll(() => field(page, 'assigned_agency').innerText(), { timeout: 15_000 }).toContain('DPUPR');
    await picture(page, 'verifikator-disposisi');
    await save(page);
    await expect.poll(async () => read(report.id), { timeout: 30_000 }).toMatchObject({ status: 'dispositioned', assigned_agency: 'DPUPR' });
    const rows = async () => (await directus<{ data: Array<{ agency: string; active: boolean }> }>(`/items/assignments?filter[complaint][_eq]=${report.id}&fields=agency,active`)).body.data;
    await expect.poll(rows, { timeout: 15_000 }).toEqual([{ agency: 'DPUPR', active: true }]);
    await page.context().close();
  }, 300_000);

  it('the DPUPR officer accepts and posts a public follow-up that reaches the citizen, never seeing who reported', async () => {
    const page = await loginPage('opd.pupr@example.com');
    await openReport(page, report.id);
    const offered = await page.locator('[data-testid="kanal-status"] [role="radio"]').allInnerTexts();
    expect(offered.map((t) => t.trim())).toEqual(['Tetap «Didisposisikan»', 'Terima dan mulai tindak lanjut', 'Kembalikan: bukan wewenang']);
    await step(page, /Terima dan mulai/);
    await save(page);
    await expect.poll(async () => (await read(report.id)).status, { timeout: 30_000 }).toBe('in_progress');

    const since = (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
    await openReport(page, report.id);
    const updates = field(page, 'updates');
    await updates.scrollIntoViewIfNeeded();
    await updates.locator('button:not([disabled])').filter({ has: page.locator('[data-icon="add"]') }).first().click({ timeout: 30_000 });
    const drawer = page.locator('.v-drawer').last();
    await drawer.locator('.field[data-field="body"] textarea').fill(FOLLOW_UP);
    // "Kirim ke pelapor" comes pre-ticked for a follow-up (the officer policy's preset).
    await expect(drawer.locator('.field[data-field="public"] .v-checkbox.checked').count()).resolves.toBe(1);
    await picture(page, 'opd-tindak-lanjut');
    await drawer.locator('button').filter({ has: page.locator('[data-icon="check"]') }).first().click();
    await save(page);

    const posted = async () =>
      (await directus<{ data: Array<{ kind: string; public: boolean; agency: string }> }>(
        `/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[body][_eq]=${encodeURIComponent(FOLLOW_UP)}&fields=kind,public,agency`,
      )).body.data;
    await expect.poll(posted, { timeout: 30_000 }).toEqual([{ kind: 'follow_up', public: true, agency: 'DPUPR' }]);
    const toCitizen = async () =>
      (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${waId}&since=${since}&direction=out`)).messages.map(textOf);
    await expect.poll(async () => (await toCitizen()).some((t) => t.includes('penambalan lubang dijadwalkan')), { timeout: 60_000 }).toBe(true);

    // The reporter's identity appears nowhere on the officer's page.
    await openReport(page, report.id);
    await page.waitForLoadState('networkidle').catch(() => {});
    expect(await field(page, 'reporter').count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(citizenName);
    expect(text).not.toContain(waId);
    await picture(page, 'opd-laporan');
    await page.context().close();
  }, 300_000);
});
