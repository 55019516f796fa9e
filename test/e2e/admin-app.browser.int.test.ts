// Report handling in the Directus app itself: the verifikator verifies a new report and
// dispositions it with the routing suggestion pre-filled, then the DPUPR officer
// accepts it and posts a public follow-up that reaches the citizen on WhatsApp —
// all by clicking in Debian's Chromium (playwright-core); the REST API and the
// simulator only check the outcome. Screenshots: test/artifacts/admin-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, launchChromium, loginPage, newReport, openReport, picture, readReport as read, save, step, stepsOffered, textOf, type Complaint, type SimOut } from './admin-app.ts';
import { directus, sim, uniqueWaId } from './helpers.ts';

const FOLLOW_UP = 'Tim DPUPR sudah meninjau lokasi; penambalan lubang dijadwalkan hari Kamis.';

let browser: Browser;
let report: Complaint;
const waId = uniqueWaId();
const citizenName = 'Ratna Sari';

beforeAll(async () => {
  browser = await launchChromium();
  // A new report from a citizen, as the intake flow would have written it.
  report = await newReport({ waId, name: citizenName }, 'Jalan berlubang depan pasar', 'Jalan di depan pasar berlubang besar, dua motor jatuh minggu ini.');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the admin app, clicked through as each role', () => {
  it('the verifikator verifies and dispositions with the suggested agency pre-filled', async () => {
    const page = await loginPage(browser, 'verifikator@example.com');
    await openReport(page, report.id);
    // The citizen is visible to the verifikator, by name and number.
    await expect.poll(() => field(page, 'reporter').innerText(), { timeout: 30_000 }).toContain(citizenName);
    // Only the verifikator's moves from "Diterima" are offered.
    expect(await stepsOffered(page)).toEqual(['Tetap «Diterima»', 'Verifikasi', 'Tunda: minta keterangan warga', 'Tolak']);

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
    const page = await loginPage(browser, 'opd.pupr@example.com');
    await openReport(page, report.id);
    expect(await stepsOffered(page)).toEqual(['Tetap «Didisposisi»', 'Terima dan mulai tindak lanjut', 'Kembalikan: bukan wewenang']);
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
    // Outside the 24-hour window (this citizen never wrote to the bot) the follow-up goes out as the approved template.
    const toCitizen = async () =>
      (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${waId}&since=${since}&direction=out`)).messages.map(textOf);
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
