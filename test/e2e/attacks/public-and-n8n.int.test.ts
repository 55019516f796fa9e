// Attacks on what answers without a login: the public ticket tracker, the n8n
// webhooks, and what the stack writes to disk. Each test is an attack that
// worked before its fix (rotating X-Forwarded-For, walking sequential tickets,
// triggering the SLA scan, reading stack traces, reading logs), and says what
// an attacker gets now.
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { slaScanAuthorization } from '../../../scripts/stack/n8n.ts';
import { directus, env, fileReport, postWebhook, requestFrom, uniqueWaId, type AddressedAnswer } from '../helpers.ts';
import { SimChat } from '../sim-chat.ts';

type Answer = AddressedAnswer;

/** One request from a chosen loopback address: each attack spends its own address budget (helpers requestFrom). */
const from = (localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  requestFrom(localAddress, url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

const track = (address: string, ticket: string, code?: string, headers: Record<string, string> = {}) =>
  code === undefined
    ? from(address, `${env('KANAL_DIRECTUS_URL')}/kanal-aduan/track/${ticket}`, { headers })
    : from(address, `${env('KANAL_DIRECTUS_URL')}/kanal-aduan/track/${ticket}`, { method: 'POST', headers, body: JSON.stringify({ code }) });

type Row = { id: number; ticket: string; description: string | null; address: string | null; latitude: number | null; longitude: number | null; tracking_code: string | null; confidential: boolean };

describe('public ticket tracker', () => {
  let rows: Row[] = [];

  beforeAll(async () => {
    const read = async () =>
      (await directus<{ data: Row[] }>('/items/complaints?fields=id,ticket,description,address,latitude,longitude,tracking_code,confidential&sort=id&limit=60')).body.data;
    rows = await read();
    for (let n = rows.length; n < 60; n += 1) {
      await fileReport({ description: `Lampu jalan mati di gang ${n}, warga takut lewat malam hari.`, address: `Jl. Uji Penyerang No. ${n}` });
    }
    rows = await read();
    expect(rows).toHaveLength(60);
  }, 300_000);

  it('rotating X-Forwarded-For no longer buys a fresh budget: a walker from one address is stopped', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 20; n += 1) {
      const forged = `10.${n}.${(n * 7) % 250}.${(n * 13) % 250}`;
      const a = await track('127.0.0.41', `ADU-0001-${String(90_000 + n).padStart(5, '0')}`, undefined, { 'x-forwarded-for': forged });
      statuses.push(a.status);
    }
    // 30 points a minute, a miss costs 1 + 4: the seventh guess is refused, whatever the header says.
    expect(statuses.slice(0, 6)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(statuses.slice(6).every((s) => s === 429), statuses.join(',')).toBe(true);
  });

  it('60 walked tickets without the code show only their status and kind of office', async () => {
    for (const [n, row] of rows.entries()) {
      // Every ticket from its own address: the budget is not what protects the content here.
      const address = `127.0.1.${n + 1}`;
      const open = await track(address, row.ticket);
      expect(open.status, `${row.ticket}: ${open.text}`).toBe(200);
      expect(Object.keys(open.json.data).sort()).toEqual(['detail', 'office', 'status', 'ticket']);
      expect(open.json.data.detail).toBe(false);
      for (const secret of [row.description, row.address, row.latitude, row.longitude, row.tracking_code]) {
        if (secret === null || secret === undefined || secret === '') continue;
        expect(open.text, `${row.ticket} leaks ${String(secret)}`).not.toContain(String(secret));
      }
      // A wrong code is no code.
      const wrong = await track(address, row.ticket, 'ZZZZ2222');
      expect(wrong.status).toBe(200);
      expect(wrong.text).toBe(open.text);
    }
  });

  it('guessing the code of one ticket is cut off per ticket, from any address', async () => {
    const fresh = await fileReport<{ id: number }>({ description: 'Tiang listrik miring di depan balai desa, hampir roboh.' });
    const target = (await directus<{ data: Row }>(`/items/complaints/${fresh.id}?fields=ticket,tracking_code`)).body.data;
    expect(target.tracking_code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const statuses: number[] = [];
    for (let n = 0; n < 8; n += 1) statuses.push((await track(`127.0.2.${n + 1}`, target.ticket, `GUESS${n}22`)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The lock-out does not tell right from wrong: the right code is refused alike now.
    expect((await track('127.0.2.99', target.ticket, target.tracking_code!)).status).toBe(429);
  });

  it('agency roles cannot read the tracking code', async () => {
    const login = await directus<{ data: { access_token: string } }>('/auth/login', {
      method: 'POST', token: '', body: JSON.stringify({ email: 'bupati@example.com', password: env('KANAL_DEMO_PASSWORD') }),
    });
    const token = login.body.data.access_token;
    const asked = await directus<{ data?: Array<Record<string, unknown>> }>(`/items/complaints?fields=id,tracking_code&limit=5`, { token });
    if (asked.status !== 403) for (const r of asked.body.data ?? []) expect(r).not.toHaveProperty('tracking_code');
    const filtered = await directus(`/items/complaints?filter[tracking_code][_nnull]=true&limit=1`, { token });
    expect(filtered.status).toBe(403);
  });

  it('the citizen gets the ticket and code on WhatsApp, and with them sees the detail', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Budi');
    const story = 'Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, sudah 2 bulan, motor sering jatuh.';
    await chat.say(story);
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    await chat.tap('Kirim');
    const text = chat.last.map((e) => (e.body as { text?: { body: string } }).text?.body ?? '').join('\n');
    const ticket = /\*(ADU-\d{4}-\d{5})\*/.exec(text)?.[1];
    const code = /Kode lacak Anda: \*([A-Z0-9]{8})\*/.exec(text)?.[1];
    expect(ticket, text).toBeTruthy();
    expect(code, text).toBeTruthy();

    const withCode = await track('127.0.3.1', ticket!, code!.toLowerCase());
    expect(withCode.status, withCode.text).toBe(200);
    expect(withCode.json.data).toMatchObject({ ticket, detail: true, report: { description: expect.stringContaining('Jalan berlubang besar') } });
    const without = await track('127.0.3.1', ticket!);
    expect(without.json.data.detail).toBe(false);
    expect(without.text).not.toContain('Jalan berlubang');
  });
});

describe('n8n webhooks', () => {
  const n8n = (path: string, init: RequestInit = {}) => fetch(`${env('KANAL_N8N_URL')}${path}`, init);

  // The scan with the key runs for real over every report the suite filed so far: give it time.
  it('/webhook/sla-scan without the key is refused and runs nothing (no overdue marking, even with a signed clock)', { timeout: 300_000 }, async () => {
    const report = await fileReport<{ id: number; ticket: string }>({ description: 'Saluran air tersumbat di depan pasar, air meluap ke jalan.' });
    // Just past this report's verify deadline: late enough to mark it, without ageing every older report by weeks.
    const due = await directus<{ data: { verify_due: string } }>(`/items/complaints/${report.id}?fields=verify_due`);
    const now = new Date(new Date(due.body.data.verify_due).getTime() + 3_600_000).toISOString();
    const body = JSON.stringify({ now, signature: createHmac('sha256', env('KANAL_EVENTS_SECRET')).update(now).digest('hex') });
    for (const authorization of [undefined, 'Bearer salah', `Bearer ${env('KANAL_EVENTS_SECRET')}`]) {
      const res = await n8n('/webhook/sla-scan', { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
      expect(res.status, `${authorization ?? 'no key'}: ${await res.text()}`).toBe(403);
    }
    const after = await directus<{ data: { overdue: boolean | null; status: string } }>(`/items/complaints/${report.id}?fields=overdue,status`);
    expect(after.body.data).toMatchObject({ status: 'received' });
    expect(after.body.data.overdue === true).toBe(false);

    // The key itself works, so the refusal above is about the key, not a broken flow.
    const ok = await n8n('/webhook/sla-scan', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: slaScanAuthorization(env('KANAL_EVENTS_SECRET')) }, body,
    });
    expect(ok.status, await ok.text()).toBe(200);
    const marked = await directus<{ data: { overdue: boolean } }>(`/items/complaints/${report.id}?fields=overdue`);
    expect(marked.body.data.overdue).toBe(true);
  });

  it('webhook errors answer without a stack trace or a path on the server; a signed, well-formed call still gets 200', async () => {
    const broken = '{"object": "whatsapp_business_account", "entry": [';
    const answers = [
      await n8n('/webhook/whatsapp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken }),
      await postWebhook(broken),
      await n8n('/webhook/kanal-aduan-events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken }),
      await n8n('/webhook/sla-scan', { method: 'POST', headers: { 'content-type': 'application/json', authorization: slaScanAuthorization(env('KANAL_EVENTS_SECRET')) }, body: broken }),
    ];
    for (const res of answers) {
      const text = await res.text();
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(text).not.toMatch(/stack|\s+at\s+\S+\s+\(|node_modules|\/work\/|\/home\/|\/tmp\/|\.js:\d+/i);
    }
    const wellFormed = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'account_update', value: {} }] }] });
    const ok = await postWebhook(wellFormed);
    expect(ok.status, await ok.text()).toBe(200);
  });
});

describe('what the stack writes to disk', () => {
  it('no log file is readable by group or others, and none holds a citizen’s number after a chat', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Siti');
    await chat.say('Halo');
    await chat.say('cek ADU-2611-00001');
    const dir = env('KANAL_LOG_DIR');
    expect(statSync(dir).mode & 0o077, `${dir} mode`).toBe(0);
    const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
    expect(files).toEqual(expect.arrayContaining(['directus.log', 'n8n.log']));
    for (const f of files) {
      const path = join(dir, f);
      expect(statSync(path).mode & 0o077, `${f} mode ${(statSync(path).mode & 0o777).toString(8)}`).toBe(0);
      const text = readFileSync(path, 'utf8');
      expect(text.includes(waId), `${f} contains the citizen's number ${waId}`).toBe(false);
      expect(text.includes(waId.slice(2)), `${f} contains the citizen's number without 62`).toBe(false);
    }
    // Nothing of the n8n import is left with credentials in it.
    const data = join(dir, '..');
    for (const entry of readdirSync(data)) expect(entry.startsWith('n8n-import'), `${entry} left in the data folder`).toBe(false);
  });
});
