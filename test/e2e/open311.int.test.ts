// Open311 GeoReport v2 on the real stack (/kanal-aduan/open311): each call's
// shape in JSON and XML as the spec's examples show it, errors as the spec's
// list of {code, description}; a POST files a report through the same hooks as
// the chat (ticket, tracking code, SLA deadline, channel 'open311'); neither a
// confidential report nor another citizen's report says more than allowed
// through any call; API keys are admin-made, hashed, and rate limited.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, env, fileReport, loginAs, requestFrom, type AddressedAnswer } from './helpers.ts';

/** One request from a chosen loopback address, so each test spends its own address budget. */
const from = (localAddress: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  requestFrom(localAddress, `${env('KANAL_DIRECTUS_URL')}/kanal-aduan/open311${path}`, init);

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
// xml2js (already in the tree, untyped): parses the XML answers as a client would.
const { parseStringPromise } = createRequire(import.meta.url)('xml2js') as { parseStringPromise(xml: string, o: object): Promise<any> };
const xml = (text: string) => parseStringPromise(text, { explicitArray: false });
const STORY = 'Jalan berlubang besar di depan pasar, sudah dua minggu belum diperbaiki.';

async function newClient(name: string, rate = 20): Promise<string> {
  const res = await directus<{ data: { api_key: string } }>('/kanal-aduan/open311/clients', { method: 'POST', body: JSON.stringify({ name, rate_limit_per_minute: rate }) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.api_key;
}

async function verify(id: number) {
  const res = await directus(`/items/complaints/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'verified' }) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

let key = '';
beforeAll(async () => {
  key = await newClient('Uji Open311');
});

describe('discovery and services', () => {
  it('answers discovery, services and a service definition in JSON and XML', async () => {
    const d = await from('127.0.31.1', '/discovery.json');
    expect(d.status).toBe(200);
    expect(d.json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    const dx = await from('127.0.31.1', '/v2/discovery.xml');
    expect(dx.headers['content-type']).toMatch(/^text\/xml/);
    expect((await xml(dx.text)).discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);

    const s = await from('127.0.31.1', '/v2/services.json');
    const jalan = s.json.find((x: any) => x.service_code === 'JALAN');
    expect(jalan).toMatchObject({ metadata: true, type: 'realtime' });
    expect(typeof jalan.service_name).toBe('string');
    const sx = await xml((await from('127.0.31.1', '/v2/services.xml')).text);
    expect(sx.services.service.some((x: any) => x.service_code === 'JALAN' && x.metadata === 'true')).toBe(true);

    const def = await from('127.0.31.1', '/v2/services/JALAN.json');
    expect(def.json.service_code).toBe('JALAN');
    expect(def.json.attributes.map((a: any) => a.code)).toEqual(['type', 'confidential']);
    const defx = await xml((await from('127.0.31.1', '/v2/services/JALAN.xml')).text);
    expect(defx.service_definition.attributes.attribute[0].values.value[0].key).toBe('pengaduan');
  });

  it('answers errors as the spec\'s list, in the format asked, with the HTTP code', async () => {
    const j = await from('127.0.31.2', '/v2/services/TIDAK-ADA.json');
    expect(j.status).toBe(404);
    expect(j.json).toEqual([{ code: 404, description: expect.stringMatching(/^Tidak ditemukan/) }]);
    const x = await from('127.0.31.2', '/v2/services/TIDAK-ADA.xml');
    expect((await xml(x.text)).errors.error).toEqual({ code: '404', description: expect.any(String) });
    const bad = await from('127.0.31.2', '/v2/requests.json?status=pending');
    expect(bad.status).toBe(400);
    expect(bad.json[0].description).toMatch(/^status harus open atau closed/);
  });
});

describe('POST requests', () => {
  it('refuses a missing, wrong or URL-borne api_key', async () => {
    const fields = { service_code: 'JALAN', address_id: '16.02.05', description: STORY };
    const none = await from('127.0.32.1', '/v2/requests.json', form(fields));
    expect(none.status).toBe(403);
    expect(none.json[0].code).toBe(403);
    const wrong = await from('127.0.32.1', '/v2/requests.json', form({ ...fields, api_key: `k311_${'A'.repeat(43)}` }));
    expect(wrong.status).toBe(403);
    expect((await from('127.0.32.1', `/v2/requests.json?api_key=${key}`, form(fields))).status).toBe(400);
    const asOfficer = await directus('/kanal-aduan/open311/clients', { method: 'POST', token: await loginAs('verifikator@example.com'), body: JSON.stringify({ name: 'x' }) });
    expect(asOfficer.status).toBe(403);
  });

  it('stores only the key\'s hash, readable by admins alone', async () => {
    const rows = (await directus<{ data: Array<Record<string, unknown>> }>('/items/open311_clients?fields=*&filter[name][_eq]=Uji%20Open311')).body.data;
    expect(rows).toHaveLength(1);
    expect(rows[0]!['key_hash']).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(key.slice(5));
    const officer = await directus('/items/open311_clients', { token: await loginAs('verifikator@example.com') });
    expect(officer.status).toBe(403);
  });

  it('files a report through the intake rules: ticket, tracking code, SLA deadline, channel, region', async () => {
    const res = await from('127.0.32.2', '/v2/requests.json', form({ api_key: key, service_code: 'JALAN', address_id: '16.02.05', description: STORY, lat: '-3.39', long: '104.83' }));
    expect(res.status, res.text).toBe(201);
    const [created] = res.json;
    expect(created.service_request_id).toMatch(/^ADU-\d{4}-\d{5}$/);
    const row = (await directus<{ data: Array<Record<string, any>> }>(`/items/complaints?filter[ticket][_eq]=${created.service_request_id}&fields=*`)).body.data[0]!;
    expect(row).toMatchObject({ channel: 'open311', status: 'received', category: 'JALAN', region: '16.02.05', reporter: null, latitude: -3.39 });
    expect(row['verify_due']).toBeTruthy();
    expect(row['tracking_code']).toBe(created.tracking_code);
    // A point alone names the kelurahan/desa nearest it, as a WhatsApp pin does (Sidakersa, Kayu Agung).
    const pinned = await from('127.0.32.2', '/v2/requests.json', form({ api_key: key, service_code: 'JALAN', description: STORY, lat: '-3.3951', long: '104.8305' }));
    expect(pinned.status, pinned.text).toBe(201);
    const placed = (await directus<{ data: Array<Record<string, any>> }>(`/items/complaints?filter[ticket][_eq]=${pinned.json[0].service_request_id}&fields=region`)).body.data[0]!;
    expect(placed['region']).toBe('16.02.05.1003');
    // Triaged as the chat's reports are: scored, not spam.
    expect(row).toMatchObject({ likely_spam: false, spam_score: expect.any(Number), text_fingerprint: expect.any(String) });

    // A realtime service answers the id, so no token beside it (the spec's POST response).
    expect(created).not.toHaveProperty('token');
    expect((await from('127.0.32.2', `/v2/tokens/${created.service_request_id}.0000.json`)).status).toBe(404);

    const xmlRes = await from('127.0.32.2', '/v2/requests.xml', form({ api_key: key, service_code: 'JALAN', address_string: 'Kec. Kayu Agung', description: STORY }));
    expect(xmlRes.status).toBe(201);
    expect((await xml(xmlRes.text)).service_requests.request.service_request_id).toMatch(/^ADU-/);

    const refused = await from('127.0.32.2', '/v2/requests.json', form({ api_key: key, service_code: 'JALAN', address_id: '16.02.05', description: 'pendek' }));
    expect(refused.status).toBe(400);
    expect(refused.json[0].description).toMatch(/^Uraian laporan/);
  });

  it('triages a posted promotion as the chat does: "Mungkin spam", with its reasons', async () => {
    const promo = 'PROMO pinjaman online cepat cair tanpa jaminan, bunga rendah! Hubungi 0812-3456-7890 atau klik bit.ly/pinjamcepat sekarang';
    const res = await from('127.0.32.3', '/v2/requests.json', form({ api_key: key, service_code: 'JALAN', address_id: '16.02.05', description: promo }));
    expect(res.status, res.text).toBe(201);
    const row = (await directus<{ data: Array<Record<string, any>> }>(`/items/complaints?filter[ticket][_eq]=${res.json[0].service_request_id}&fields=likely_spam,spam_score,spam_reasons,status`)).body.data[0]!;
    expect(row).toMatchObject({ likely_spam: true, status: 'received' });
    expect(row['spam_score']).toBeGreaterThanOrEqual(0.6);
    expect(row['spam_reasons'].length).toBeGreaterThan(0);
  });

  it('limits reports per key per minute', async () => {
    const slow = await newClient('Uji batas', 2);
    const fields = { api_key: slow, service_code: 'JALAN', address_id: '16.02.05', description: STORY };
    const statuses: number[] = [];
    for (let n = 0; n < 3; n += 1) statuses.push((await from(`127.0.33.${n + 1}`, '/v2/requests.json', form(fields))).status);
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('what GET requests reveals', () => {
  const secrets = ['081298765432', 'Budi Rahasia', 'Jl. Kenanga Nomor 7', '-3.3123', '104.7123'];
  let open: string, confidential: string, unverified: string, citizen: { ticket: string; waId: string }, chatOpen: string;

  beforeAll(async () => {
    const post = async (extra: Record<string, string>) =>
      (await from('127.0.34.1', '/v2/requests.json', form({ api_key: key, service_code: 'JALAN', address_id: '16.02.05', ...extra }))).json[0].service_request_id as string;
    const description = `${STORY} Saya Budi Rahasia, telepon 081298765432.`;
    open = await post({ description, address_string: 'Jl. Kenanga Nomor 7', lat: '-3.3123', long: '104.7123' });
    confidential = await post({ description, address_string: 'Jl. Kenanga Nomor 7', lat: '-3.3123', long: '104.7123', 'attribute[confidential]': 'true' });
    unverified = await post({ description, address_string: 'Jl. Kenanga Nomor 7', lat: '-3.3123', long: '104.7123' });
    const chat = await fileReport({ description: 'Lampu jalan mati, saya Budi Rahasia 081298765432', name: 'Budi Rahasia', address: 'Jl. Kenanga Nomor 7' });
    await directus(`/items/complaints/${chat.id}`, { method: 'PATCH', body: JSON.stringify({ confidential: true }) });
    citizen = { ticket: chat.ticket, waId: chat.waId };
    chatOpen = (await fileReport({ description: 'Lampu jalan mati sejak minggu lalu, saya Budi Rahasia 081298765432', name: 'Budi Rahasia' })).ticket;
    for (const t of [open, confidential, citizen.ticket, chatOpen]) {
      const id = (await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[ticket][_eq]=${t}&fields=id`)).body.data[0]!.id;
      await verify(id);
    }
  });

  it('a published report shows its service, status, desa and point as the public map does; never the citizen\'s words, typed address or agency', async () => {
    const [r] = (await from('127.0.35.1', `/v2/requests/${open}.json`)).json;
    expect(r).toMatchObject({ service_request_id: open, status: 'open', service_code: 'JALAN', lat: -3.3123, long: 104.7123, address_id: '16.02.05' });
    expect(r).toMatchObject({ description: null, address: null, agency_responsible: null });
  });

  it('a published chat report, in both formats, carries none of the citizen\'s words, name or number', async () => {
    for (const f of ['json', 'xml']) {
      const res = await from('127.0.35.6', `/v2/requests/${chatOpen}.${f}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(chatOpen);
      for (const s of ['Lampu jalan', 'Budi', '081298765432']) expect(res.text).not.toContain(s);
    }
  });

  it('a confidential, unverified or chat report shows only status, service and dates, in every call and format', async () => {
    const hidden = [confidential, unverified, citizen.ticket];
    const ids = hidden.join(',');
    const answers = [
      ...(await Promise.all(hidden.flatMap((t) => [from('127.0.35.2', `/v2/requests/${t}.json`), from('127.0.35.2', `/v2/requests/${t}.xml`)]))),
      await from('127.0.35.3', `/v2/requests.json?service_request_id=${ids}`),
      await from('127.0.35.3', `/v2/requests.xml?service_request_id=${ids}`),
    ];
    const all = await from('127.0.35.3', '/v2/requests.json?limit=200');
    answers.push({ ...all, text: JSON.stringify(all.json.filter((r: any) => hidden.includes(r.service_request_id))) });
    for (const a of answers) {
      expect(a.status, a.text).toBe(200);
      for (const s of [...secrets, citizen.waId]) expect(a.text.includes(s) ? `${s} in ${a.text.slice(0, 300)}` : null).toBeNull();
    }
    const list = (await from('127.0.35.3', `/v2/requests.json?service_request_id=${ids}`)).json;
    expect(list.map((r: any) => r.service_request_id).sort()).toEqual([...hidden].sort());
    for (const r of list) {
      expect(r.requested_datetime).toMatch(/Z$/);
      for (const k of ['description', 'address', 'address_id', 'lat', 'long', 'agency_responsible']) expect(r[k], k).toBeNull();
    }
  });

  it('no filter finds a hidden report by its place: a bbox around it returns only published ones', async () => {
    const box = await from('127.0.35.4', '/v2/requests.json?bbox=104.70,-3.32,104.72,-3.30');
    const found = box.json.map((r: any) => r.service_request_id);
    expect(found).toContain(open);
    for (const t of [confidential, unverified, citizen.ticket]) expect(found).not.toContain(t);
  });

  it('filters by status, service and date as the spec says', async () => {
    const ids = (a: AddressedAnswer) => a.json.map((r: any) => r.service_request_id);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await from('127.0.37.1', `/v2/requests.json?status=closed&start_date=${today}T00:00:00Z&limit=200`))).not.toContain(open);
    expect(ids(await from('127.0.37.2', `/v2/requests.json?status=open&service_code=JALAN&start_date=${today}T00:00:00Z&limit=200`))).toContain(open);
    expect(ids(await from('127.0.37.3', `/v2/requests.json?service_code=PJU&start_date=${today}T00:00:00Z&limit=200`))).not.toContain(open);
    expect((await from('127.0.37.4', '/v2/requests.json?end_date=2000-01-01T00:00:00Z')).json).toEqual([]);
    // service_request_id overrides every other argument (the spec's GET Service Requests).
    expect(ids(await from('127.0.37.5', `/v2/requests.json?status=closed&end_date=2000-01-01T00:00:00Z&service_request_id=${open}`))).toEqual([open]);
  });

  it('walking tickets runs out of budget per address, like the public tracker', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 12; n += 1) statuses.push((await from('127.0.36.1', `/v2/requests/ADU-0001-${String(90_000 + n).padStart(5, '0')}.json`)).status);
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
    const limited = await from('127.0.36.1', `/v2/requests/${open}.json`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeTruthy();
    expect(limited.json[0].code).toBe(429);
  });
});
