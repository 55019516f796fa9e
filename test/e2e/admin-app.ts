// Clicking through the Directus admin app in Debian's Chromium (playwright-core):
// log in as a demo user, open a report, pick a status step, fill a field, save,
// take a screenshot. Shared by the admin-app*.browser.int.test.ts files; the
// REST API and the WA simulator only check what the clicks saved and sent.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { directus, env, fileReport, sim, waitFor } from './helpers.ts';

export const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context logged in to the admin app as `email` (a demo user, or the administrator with its password). */
export async function loginPage(browser: Browser, email: string, password = env('KANAL_DEMO_PASSWORD')): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1400 }, locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin/login`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 60_000 });
  return page;
}

/**
 * Goes to an admin app path (`/content/...`). Once the app runs in the page (after the login), the
 * move goes through the app's own router, as a click on a link would: a reload boots the whole app
 * again (settings, schema, permissions, extensions), which costs more than the page itself. From
 * one report to another, and before the app runs, the page is loaded afresh.
 */
export async function goInApp(page: Page, path: string) {
  const here = new URL(page.url());
  const sameKind = /\/admin\/content\/[^/]+\/[^/]+/.test(here.pathname);
  const moved = !sameKind && here.pathname.startsWith('/admin/') && !here.pathname.endsWith('/login') &&
    (await page.evaluate((to) => {
      const app = (document.querySelector('#app') as (Element & { __vue_app__?: any }) | null)?.__vue_app__;
      const router = app?.config?.globalProperties?.$router;
      if (!router) return false;
      void router.push(to);
      return true;
    }, path));
  if (moved) await page.waitForURL((u) => u.pathname === `/admin${path.split('?')[0]}`, { timeout: 30_000 });
  else await page.goto(`${env('KANAL_DIRECTUS_URL')}/admin${path}`);
}

export async function openReport(page: Page, id: number) {
  await goInApp(page, `/content/complaints/${id}`);
  // The status field is the bundle's "next step" buttons; it is ready once they are.
  await page.locator('[data-testid="kanal-status"] [role="radio"]').first().waitFor({ timeout: 60_000 });
}

/** The status steps offered on the open report, in screen order. */
export async function stepsOffered(page: Page): Promise<string[]> {
  return (await page.locator('[data-testid="kanal-status"] [role="radio"]').allInnerTexts()).map((t) => t.trim());
}

/** A form field by its column name (Directus renders `data-field` on every field). */
export const field = (page: Page, name: string): Locator => page.locator(`.field[data-field="${name}"]`);

/** Picks a status step, and waits until the form holds it (a save pressed before that sends the old status). */
export async function step(page: Page, label: string | RegExp) {
  await page.getByRole('radio', { name: label }).click();
  await page.getByRole('radio', { name: label, checked: true }).waitFor({ timeout: 10_000 });
}

/**
 * Ctrl+S is the app's "save and stay", and waits for the app's answer. The app ignores the
 * press while it is still asking the API whether this user may update this item
 * (`/permissions/me/<collection>/<id>`: until it answers, update counts as not allowed), so a
 * press that sent nothing is pressed again. By default the save must reach the API and be
 * accepted; `{ refused: true }` expects the app to refuse it on the page (its validation errors)
 * without sending anything.
 */
export async function save(page: Page, { refused = false }: { refused?: boolean } = {}) {
  const deadline = Date.now() + 30_000;
  const errors = page.locator('.validation-errors');
  for (;;) {
    const sent = page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname.startsWith('/items/'), { timeout: 2_000 }).catch(() => null);
    await page.keyboard.press('Control+s');
    const request = await sent;
    if (request) {
      if (refused) throw new Error(`the app sent a save it should have refused: PATCH ${request.url()}`);
      const response = await request.response();
      if (!response?.ok()) throw new Error(`the API refused the save: ${response?.status() ?? 'no answer'} ${(await response?.text().catch(() => '')) ?? ''}`);
      return;
    }
    if (refused && (await errors.count()) > 0) return;
    if (Date.now() > deadline) {
      if (refused) throw new Error('the app neither sent the save nor showed why it refused it within 30 s');
      const why = (await errors.count()) > 0 ? `it shows: ${await errors.first().innerText()}` : 'the form still not savable';
      throw new Error(`the app never sent the save: Ctrl+S was not taken within 30 s (${why})`);
    }
  }
}

export async function picture(page: Page, name: string) {
  // A pause for the picture only (after an in-app move the page may never count as idle): bounded.
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  await page.waitForTimeout(800);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

export type Complaint = {
  id: number;
  ticket: string;
  status: string;
  status_reason: string | null;
  status_note: string | null;
  assigned_agency: string | null;
  suggested_agency: string | null;
  duplicate_of: number | null;
};

export async function readReport(id: number): Promise<Complaint> {
  const fields = 'id,ticket,status,status_reason,status_note,assigned_agency,suggested_agency,duplicate_of';
  return (await directus<{ data: Complaint }>(`/items/complaints/${id}?fields=${fields}`)).body.data;
}

/** A citizen (created once per wa_id) and a new report of theirs, as the intake flow would have written it. */
export const newReport = (citizen: { waId: string; name: string }, title: string, description: string): Promise<Complaint> =>
  fileReport<Complaint>({ ...citizen, title, description });

export type SimOut = { seq: number; type: string; body: Record<string, any> };
/** What the person reads: the text, the interactive body, or (outside the 24-hour window) the approved template. */
export const textOf = (m: SimOut): string => m.body.text?.body ?? m.body.interactive?.body?.text ?? JSON.stringify(m.body.template ?? m.body);

export const lastSeq = async (): Promise<number> => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;

/** Waits until `to` has received a message matching `match` after `since` and returns it. */
export async function received(to: string, since: number, match: (m: SimOut) => boolean, what: string): Promise<SimOut> {
  const messages = await waitFor(async () => (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages, {
    what: `${to} to receive ${what} (see test/artifacts/logs/n8n.log)`,
    timeoutMs: 60_000,
    until: (ms) => ms.some(match),
    show: (ms) => ms.map(textOf),
  });
  return messages.find(match)!;
}
