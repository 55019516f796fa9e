// Temu Bupati in the admin app, as the verifikator works it: the bookings on
// Directus's calendar layout (the role's default view of «Janji temu»), and
// after the meeting «Jadikan laporan» on the booking turns its notes into a
// report by the citizen, once, with a link to it. Screenshots in test/artifacts/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, picture } from './admin-app.ts';
import { directus, env, uniqueWaId } from './helpers.ts';

type Row = Record<string, any>;
let browser: Browser;
let page: Page;
let booking: Row;
const TOPIC = `Aspirasi nelayan Sungai Pedada ${Date.now().toString(36)}`;

beforeAll(async () => {
  const waId = uniqueWaId();
  const citizen = await directus<{ data: Row }>('/items/citizens', { method: 'POST', body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: 'Pak Darman' }) });
  expect(citizen.status, JSON.stringify(citizen.body)).toBe(200);
  const made = await directus<{ data: Row }>('/items/appointments', {
    method: 'POST',
    body: JSON.stringify({
      citizen: citizen.body.data['id'], topic: TOPIC, status: 'scheduled', scheduled_at: new Date().toISOString(), place: 'Pendopo Kabupaten',
      note: 'Dermaga perahu nelayan di Sungai Pedada ambruk; 40 perahu tidak bisa bersandar sejak banjir.',
    }),
  });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  booking = made.body.data;
  browser = await launchChromium();
  page = await loginPage(browser, 'verifikator@example.com');
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('Temu Bupati in the admin app', () => {
  it('shows the bookings on the calendar', async () => {
    await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/content/appointments`);
    const entry = page.getByText(`${booking['code']} · ${TOPIC}`);
    await entry.first().waitFor({ timeout: 60_000 });
    await picture(page, 'temu-bupati-calendar');
  });

  it('«Jadikan laporan» turns the meeting notes into the citizen\'s report, once, and links to it', async () => {
    await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/content/appointments/${booking['id']}`);
    await page.locator('[data-testid="kanal-meeting-report-make"] button').click();
    const link = page.locator('[data-testid="kanal-meeting-report-link"]');
    await link.waitFor({ timeout: 30_000 });
    const ticket = (await link.innerText()).trim();
    expect(ticket).toMatch(/^ADU-/);
    await picture(page, 'temu-bupati-report');

    const report = (await directus<{ data: Row[] }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,type,channel,description,reporter.display_name`)).body.data[0]!;
    expect(report).toMatchObject({ type: 'aspirasi', channel: 'walk_in', reporter: { display_name: 'Pak Darman' } });
    expect(report['description']).toContain('40 perahu');
    expect((await directus<{ data: Row }>(`/items/appointments/${booking['id']}?fields=status,complaint`)).body.data).toMatchObject({ status: 'done', complaint: report['id'] });

    // Opened again: the link, no second button.
    await page.reload();
    await link.waitFor({ timeout: 60_000 });
    expect(await link.getAttribute('href')).toBe(`../complaints/${report['id']}`);
    expect(await page.locator('[data-testid="kanal-meeting-report-make"]').count()).toBe(0);
  });
});
