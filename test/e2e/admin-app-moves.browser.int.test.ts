// Report handling in the Directus app itself, the moves admin-app.browser.int.test.ts
// does not click: the verifikator's Tunda (a question for the citizen) and
// "Tolak: laporan ganda" (picking the original by its ticket), the DPUPR
// officer's "Kembalikan: bukan wewenang" and "Selesai ditangani". Every move is
// clicked in Debian's Chromium as the role that makes it; the REST API and the
// WA simulator only check what was saved and what the citizen received.
// Screenshots: test/artifacts/admin-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  field,
  lastSeq,
  launchChromium,
  loginPage,
  newReport,
  openReport,
  picture,
  readReport,
  received,
  save,
  step,
  stepsOffered,
  textOf,
  type Complaint,
  type SimOut,
} from './admin-app.ts';
import { directus, env, loginAs, sim, uniqueWaId } from './helpers.ts';
import { SimChat } from './sim-chat.ts';

const citizen = { waId: uniqueWaId(), name: 'Dewi Lestari' };
let browser: Browser;

const patch = (id: number, token: string, body: Record<string, unknown>) =>
  directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });

/** Brings a new report to `status` through the REST API, as the roles whose move each step is. */
async function reportAt(status: 'dispositioned' | 'in_progress', title: string, description: string): Promise<Complaint> {
  const report = await newReport(citizen, title, description);
  const verifikator = await loginAs('verifikator@example.com');
  for (const body of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }]) {
    const r = await patch(report.id, verifikator, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  if (status === 'in_progress') {
    const r = await patch(report.id, await loginAs('opd.pupr@example.com'), { status: 'in_progress' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return readReport(report.id);
}

/** Runs `body` with a page; on failure keeps a screenshot and the page's HTML in test/artifacts to see what the app showed. */
async function withPage(email: string, name: string, body: (page: Page) => Promise<void>) {
  const page = await loginPage(browser, email);
  try {
    await body(page);
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `admin-failed-${name}.png`), fullPage: true }).catch(() => {});
    writeFileSync(join(ARTIFACTS, `admin-failed-${name}.html`), await page.content().catch(() => ''));
    throw err;
  } finally {
    await page.context().close();
  }
}

/** Opens a select-dropdown field and picks the choice with this text. */
async function choose(page: Page, name: string, text: string) {
  await field(page, name).locator('.v-input').first().click();
  await page.locator('.v-menu-content .v-list-item').filter({ hasText: text }).first().click();
}

beforeAll(async () => {
  browser = await launchChromium();
  // The citizen has written to the bot today, so notices come as text and lists (outside 24 h they would be templates).
  await new SimChat(citizen.waId, citizen.name).say('Halo');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the remaining moves, clicked in the admin app', () => {
  it('verifikator: Tunda with a question; the question reaches the citizen on WhatsApp', async () => {
    const QUESTION = 'Di ruas jalan mana tepatnya, dekat bangunan apa?';
    const report = await newReport(citizen, 'Lampu jalan mati', 'Lampu jalan mati sepanjang jalan menuju pasar, gelap sekali malam hari.');
    await withPage('verifikator@example.com', 'tunda', async (page) => {
      await openReport(page, report.id);
      await step(page, 'Tunda: minta keterangan warga');
      // Without the question the app does not save, and names the field that is missing.
      await save(page, { refused: true });
      const errors = page.locator('.validation-errors');
      await errors.waitFor({ timeout: 15_000 });
      expect(await errors.innerText()).toContain('Catatan untuk warga');
      expect((await readReport(report.id)).status).toBe('received');
      await picture(page, 'verifikator-tunda-tanpa-pertanyaan');
      await field(page, 'status_note').locator('textarea').fill(QUESTION);
      await picture(page, 'verifikator-tunda');
      const since = await lastSeq();
      await save(page);
      await expect.poll(() => readReport(report.id), { timeout: 30_000 }).toMatchObject({ status: 'needs_info', status_note: QUESTION });
      const question = await received(citizen.waId, since, (m) => textOf(m).includes(QUESTION), 'notify.needs_info');
      expect(textOf(question)).toContain(report.ticket);
      expect(textOf(question)).toMatch(/balas pesan ini/i);
    });
  }, 300_000);

  it('verifikator: Tolak as "Laporan ganda", picking the original by its ticket; the citizen is told the original’s ticket', async () => {
    const original = await newReport(citizen, 'Jalan berlubang depan sekolah', 'Jalan di depan SD Negeri 2 berlubang besar, anak-anak hampir jatuh.');
    const duplicate = await newReport(citizen, 'Lubang depan SD', 'Ada lubang besar di jalan depan SD Negeri 2, mohon segera ditambal.');
    await withPage('verifikator@example.com', 'ganda', async (page) => {
      await openReport(page, duplicate.id);
      await step(page, 'Tolak');
      await choose(page, 'status_reason', 'Laporan ganda');
      // "Laporan asli" appears once the reason is "ganda": search the original by its ticket and pick it.
      const originalField = field(page, 'duplicate_of');
      await originalField.waitFor({ timeout: 15_000 });
      await originalField.locator('.many-to-one').first().click();
      const drawer = page.locator('.v-drawer').last();
      await drawer.locator('.search-input').first().click();
      await drawer.locator('.search-input input').first().fill(original.ticket);
      await drawer.locator('tbody tr', { hasText: original.ticket }).first().click({ timeout: 30_000 });
      // A single choice closes the drawer; if this version keeps it open, confirm with its ✓ button.
      if (!(await drawer.waitFor({ state: 'detached', timeout: 3_000 }).then(() => true, () => false))) {
        await drawer.locator('button').filter({ has: page.locator('[data-icon="check"]') }).first().click();
      }
      await expect.poll(() => originalField.innerText(), { timeout: 15_000 }).toContain(original.ticket);
      await picture(page, 'verifikator-tolak-ganda');
      const since = await lastSeq();
      await save(page);
      await expect.poll(() => readReport(duplicate.id), { timeout: 30_000 })
        .toMatchObject({ status: 'rejected', status_reason: 'duplicate', duplicate_of: original.id });
      const told = await received(citizen.waId, since, (m) => textOf(m).includes(duplicate.ticket), 'notify.duplicate');
      expect(textOf(told)).toContain(`cek ${original.ticket}`);
    });
  }, 300_000);

  it('OPD officer: Kembalikan (bukan wewenang) with a reason; the report is back in the verifikator’s "Dikembalikan OPD" list', async () => {
    const REASON = 'Jalan nasional lintas timur: kewenangan BPJN, bukan DPUPR kabupaten.';
    const report = await reportAt('dispositioned', 'Jalan lintas timur rusak', 'Jalan lintas timur dekat jembatan rusak parah, truk sering terperosok.');
    const since = await lastSeq();
    await withPage('opd.pupr@example.com', 'kembalikan', async (page) => {
      await openReport(page, report.id);
      expect(await stepsOffered(page)).toContain('Kembalikan: bukan wewenang');
      await step(page, 'Kembalikan: bukan wewenang');
      // The field is labelled for the citizen; the step's hint says that here it goes to the verifikator only.
      await expect.poll(() => page.locator('[data-testid="kanal-status"]').innerText()).toMatch(/tidak dikirim ke warga, hanya dibaca verifikator/);
      await field(page, 'status_note').locator('textarea').fill(REASON);
      await picture(page, 'opd-kembalikan');
      // The header's ✓ saves and goes back to the list: the report is no longer the office's, so it is not there.
      await page.locator('.header-bar button').filter({ has: page.locator('[data-icon="check"]') }).first().click();
      await page.waitForURL((u) => /\/admin\/content\/complaints\/?$/.test(u.pathname), { timeout: 30_000 });
      await expect.poll(() => readReport(report.id), { timeout: 30_000 })
        .toMatchObject({ status: 'verified', status_reason: 'not_authority', status_note: REASON, assigned_agency: null });
      // The list has drawn (its rows, or the empty state) before the ticket is looked for.
      await page.locator('.v-table tbody tr, .v-info').first().waitFor({ timeout: 30_000 });
      expect(await page.getByText(report.ticket).count()).toBe(0);
      await picture(page, 'opd-kembalikan-tersimpan');
    });
    const assignments = async () =>
      (await directus<{ data: Array<{ agency: string; active: boolean; return_reason: string | null }> }>(
        `/items/assignments?filter[complaint][_eq]=${report.id}&fields=agency,active,return_reason`,
      )).body.data;
    await expect.poll(assignments, { timeout: 15_000 }).toEqual([{ agency: 'DPUPR', active: false, return_reason: REASON }]);

    // The verifikator opens the "Dikembalikan OPD" bookmark in the app's navigation and finds the report there.
    await withPage('verifikator@example.com', 'dikembalikan-opd', async (page) => {
      await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/content/complaints`);
      await page.getByText('Dikembalikan OPD', { exact: true }).first().click({ timeout: 60_000 });
      await page.waitForURL(/bookmark=\d+/, { timeout: 30_000 });
      await page.getByText(report.ticket).first().waitFor({ timeout: 30_000 });
      await picture(page, 'verifikator-dikembalikan-opd');
    });
    // The return is between offices: the citizen is not told.
    const toCitizen = (await sim<{ messages: SimOut[] }>(
      `/sim/messages?to=${citizen.waId}&since=${since}&direction=out`,
    )).messages.map(textOf);
    expect(toCitizen.join('\n')).not.toContain('BPJN');
  }, 300_000);

  it('OPD officer: Selesai with a resolution note; the citizen gets the note and the satisfaction question', async () => {
    const RESOLUTION = 'Lubang sudah ditambal dengan aspal hotmix pada hari Kamis; rambu sementara sudah diangkat.';
    const report = await reportAt('in_progress', 'Jalan berlubang depan pasar', 'Jalan di depan pasar berlubang besar, dua motor jatuh minggu ini.');
    await withPage('opd.pupr@example.com', 'selesai', async (page) => {
      await openReport(page, report.id);
      expect(await stepsOffered(page)).toContain('Selesai ditangani');
      await step(page, 'Selesai ditangani');
      await field(page, 'status_note').locator('textarea').fill(RESOLUTION);
      await picture(page, 'opd-selesai');
      const since = await lastSeq();
      await save(page);
      await expect.poll(() => readReport(report.id), { timeout: 30_000 }).toMatchObject({ status: 'resolved', status_note: RESOLUTION });
      const notice = await received(citizen.waId, since, (m) => textOf(m).includes(report.ticket) && textOf(m).includes(RESOLUTION), 'notify.resolved');
      expect(textOf(notice)).toMatch(/selesai ditangani oleh .*Pekerjaan Umum/);
      expect(textOf(notice)).toMatch(/Seberapa puas Anda/);
      // Asked as a WhatsApp list: five ratings to tap, and «belum selesai».
      expect(notice.type).toBe('interactive');
      const rows = (notice.body.interactive.action.sections as Array<{ rows: Array<{ id: string }> }>).flatMap((s) => s.rows);
      expect(rows.map((r) => r.id)).toEqual(['sat:5', 'sat:4', 'sat:3', 'sat:2', 'sat:1', 'sat:reopen']);
    });
    // Exactly one notice for the resolution, also a moment later.
    await new Promise((r) => setTimeout(r, 2_000));
    const notices = (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${citizen.waId}&since=0&direction=out`)).messages.filter((m) => textOf(m).includes(RESOLUTION));
    expect(notices).toHaveLength(1);
  }, 300_000);
});
