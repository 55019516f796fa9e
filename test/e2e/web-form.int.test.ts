// The public web form ("Lapor lewat situs", /kanal-aduan/lapor) on the real
// stack: a citizen posts the form (multipart, from their own address) and gets
// the ticket and tracking code; the report is the same `complaints` row as
// every door's (channel 'web', ticket, tracking code, deadlines, triage), its
// photo stored clean; the number given is the citizen (wa_id) and n8n sends
// the ticket there on WhatsApp, where "cek ADU-…" then answers. A promotion
// lands in "Mungkin spam"; the honeypot, the per-address and per-number
// budgets and a bad photo are refused with their reason, storing nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, PNG, sim, uniqueWaId, waitFor } from './helpers.ts';
import { lacak } from './public-pages.ts';
import { codeOf, lapor, textOf, ticketOf } from './web-form.ts';

const STORY = 'Jalan berlubang besar di depan SD Negeri 2 Sukadana, sudah dua minggu belum diperbaiki dan membahayakan pengendara.';
/** A valid Indonesian mobile number (0812…), different per call. */
const newNumber = () => `62812${uniqueWaId().slice(-8)}`;
const local = (waId: string) => `0${waId.slice(2, 5)}-${waId.slice(5, 9)}-${waId.slice(9)}`;
const form = (o: Record<string, string> = {}) => ({ category: 'JALAN', description: STORY, kecamatan: '16.02.05', desa: '', address: '', website: '', ...o });

type SimOut = { seq: number; wa_id: string; type: string; body: unknown };

async function complaintByTicket(ticket: string): Promise<Record<string, any>> {
  const fields = 'id,ticket,tracking_code,channel,status,category,region,address,confidential,likely_spam,spam_score,spam_reasons,verify_due,latitude,longitude,reporter.wa_id,reporter.phone,reporter.display_name';
  const r = await directus<{ data: Array<Record<string, any>> }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=${fields}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data[0]!;
}
async function countOf(collection: string, filter: Record<string, unknown> = {}): Promise<number> {
  const r = await directus<{ data: Array<{ count: number | string }> }>(`/items/${collection}?aggregate[count]=*&filter=${encodeURIComponent(JSON.stringify(filter))}`);
  if (r.status !== 200) {
    // directus_files is a system collection: its own route.
    const f = await directus<{ data: Array<{ count: number | string }> }>(`/files?aggregate[count]=*&filter=${encodeURIComponent(JSON.stringify(filter))}`);
    return Number(f.body.data[0]!.count);
  }
  return Number(r.body.data[0]!.count);
}
const filesCount = async () => Number((await directus<{ data: Array<{ count: number | string }> }>('/files?aggregate[count]=*')).body.data[0]!.count);

beforeAll(async () => {
  // The form is served from the running bundle.
  expect((await lapor('127.0.51.1', null)).status).toBe(200);
});

describe('web form on the stack', () => {
  it('files a report on channel web with its photo, shows ticket and code, and the number gets the ticket on WhatsApp', async () => {
    const waId = newNumber();
    const page = await lapor('127.0.51.2', form({ desa: '16.02.05.1008', address: 'Jl. Merdeka depan SD Negeri 2, RT 3 RW 5', phone: local(waId), name: 'Rina Web' }), [{ name: 'IMG_2001.png', type: 'image/png', bytes: PNG }]);
    expect(page.status, textOf(page.text).slice(0, 600)).toBe(201);
    const ticket = ticketOf(page.text)!;
    const code = codeOf(page.text)!;
    expect(ticket).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(textOf(page.text)).toContain(`Balas «cek ${ticket}» di sana`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");

    const row = await complaintByTicket(ticket);
    expect(row).toMatchObject({
      channel: 'web', status: 'received', category: 'JALAN', region: '16.02.05.1008', confidential: false, tracking_code: code, likely_spam: false,
      reporter: { wa_id: waId, phone: `+${waId}`, display_name: 'Rina Web' },
    });
    expect(row['verify_due']).toBeTruthy();
    expect(row['spam_score']).toEqual(expect.any(Number));

    // The photo: linked to the report, stored under a neutral name, marked clean.
    const media = await directus<{ data: Array<Record<string, any>> }>(`/items/complaint_media?filter[complaint][_eq]=${row['id']}&fields=kind,mime_type,file.id,file.type,file.filename_download,file.metadata_cleaned`);
    expect(media.body.data).toEqual([{ kind: 'image', mime_type: 'image/png', file: expect.objectContaining({ type: 'image/png', filename_download: 'foto-1.png', metadata_cleaned: true }) }]);

    // The ticket page opens the report with the code from the receipt.
    const tracked = await lacak('127.0.51.3', ticket, code);
    expect(tracked.status).toBe(200);
    expect(textOf(tracked.text)).toContain(ticket);

    // WhatsApp: n8n sends the ticket and the tracking code to the number (complaint.created of a web report).
    const notice: SimOut = await waitFor(async () => {
      const out = (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${waId}&since=0&direction=out`)).messages;
      return out.find((m) => JSON.stringify(m.body).includes(ticket)) ?? null;
    }, { what: `the WhatsApp notice of ${ticket} to ${waId}`, timeoutMs: 60_000 }) as SimOut;
    expect(JSON.stringify(notice.body)).toContain(code);

    // …and the number follows the report on WhatsApp like any chat report: "cek ADU-…".
    await sim('/sim/inbound', { from: waId, name: 'Rina Web', text: `cek ${ticket}` });
    await waitFor(async () => {
      const out = (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${waId}&since=${notice.seq}&direction=out`)).messages;
      return out.find((m) => m.seq > notice.seq && JSON.stringify(m.body).includes(ticket));
    }, { what: `the bot's answer to "cek ${ticket}"`, timeoutMs: 60_000 });
  });

  it('without a number: no reporter, a receipt that says to keep the code, and a confidential report stays confidential', async () => {
    const page = await lapor('127.0.51.4', form({ confidential: '1', latitude: '-3.3700', longitude: '104.8360', kecamatan: '' }));
    expect(page.status, textOf(page.text).slice(0, 600)).toBe(201);
    expect(textOf(page.text)).toContain('Anda tidak menulis nomor WhatsApp');
    const row = await complaintByTicket(ticketOf(page.text)!);
    // Placed by the pin's nearest desa (core placeOfPin), the pin kept.
    expect(row).toMatchObject({ channel: 'web', reporter: null, confidential: true, region: '16.02.05.1008', latitude: -3.37, longitude: 104.836 });
  });

  it('puts a promotion in "Mungkin spam" with its reasons, like every other door', async () => {
    const promo = 'PROMO pinjaman online cepat cair tanpa jaminan, bunga rendah! Hubungi 0812-3456-7890 atau klik bit.ly/pinjamcepat sekarang';
    const page = await lapor('127.0.51.5', form({ description: promo }));
    expect(page.status).toBe(201);
    const row = await complaintByTicket(ticketOf(page.text)!);
    expect(row).toMatchObject({ channel: 'web', likely_spam: true, status: 'received' });
    expect(row['spam_score']).toBeGreaterThanOrEqual(0.6);
    expect(row['spam_reasons'].map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['PROMO_LINK']));
  });

  it('refuses a filled honeypot with the reason and stores nothing', async () => {
    const story = `${STORY} (honeypot ${Date.now()})`;
    const page = await lapor('127.0.51.6', form({ description: story, website: 'http://promo.example' }));
    expect(page.status).toBe(400);
    expect(textOf(page.text)).toContain('kolom tersembunyi «Jangan isi kolom ini» terisi');
    expect(await countOf('complaints', { description: { _eq: story } })).toBe(0);
  });

  it('refuses a bad photo by name with a clear message, and stores neither the report nor the good photo', async () => {
    const story = `${STORY} (foto rusak ${Date.now()})`;
    const files = await filesCount();
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('bukan foto sungguhan')]);
    const page = await lapor('127.0.51.7', form({ description: story }), [
      { name: 'bagus.png', type: 'image/png', bytes: PNG },
      { name: 'rusak.jpg', type: 'image/jpeg', bytes: broken },
    ]);
    expect(page.status).toBe(400);
    expect(textOf(page.text)).toContain('Foto «rusak.jpg» tidak dapat dibaca. Pilih foto lain.');
    expect(textOf(page.text)).toContain('pilih ulang fotonya');
    // What was typed is still there.
    expect(page.text).toContain(`${story}</textarea>`);
    const pdf = await lapor('127.0.51.7', form({ description: story }), [{ name: 'surat.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n') }]);
    expect(textOf(pdf.text)).toContain('Berkas «surat.pdf» bukan foto JPG, PNG atau WebP.');
    expect(await countOf('complaints', { description: { _eq: story } })).toBe(0);
    expect(await filesCount()).toBe(files);
  });

  it('holds back an address that posts too often, with Retry-After and the time to try again', async () => {
    // The default budget: 10 posts an hour per address, refused ones included.
    for (let n = 0; n < 10; n++) expect((await lapor('127.0.51.8', form({ category: '' }))).status).toBe(400);
    const limited = await lapor('127.0.51.8', form());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    expect(textOf(limited.text)).toMatch(/Terlalu banyak laporan dikirim dari jaringan Anda dalam waktu singkat\. Silakan coba lagi dalam \d+ menit \(sekitar pukul \d{2}\.\d{2} \w+\)\./);
    // Another address is not held back.
    expect((await lapor('127.0.51.9', form({ category: '' }))).status).toBe(400);
  });

  it('holds back a number after its reports of the day, whichever address it posts from', async () => {
    const waId = newNumber();
    for (let n = 0; n < 5; n++) {
      const page = await lapor(`127.0.51.${20 + n}`, form({ description: `${STORY} Laporan ke-${n + 1}.`, phone: `+${waId}` }));
      expect(page.status, textOf(page.text).slice(0, 400)).toBe(201);
    }
    const limited = await lapor('127.0.51.30', form({ description: `${STORY} Laporan ke-6.`, phone: local(waId) }));
    expect(limited.status).toBe(429);
    expect(textOf(limited.text)).toContain('Nomor WhatsApp ini sudah mengirim banyak laporan');
    const r = await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[reporter][wa_id][_eq]=${waId}&fields=id`);
    expect(r.body.data).toHaveLength(5);
  });

  it('answers in English with ?lang=en', async () => {
    const page = await lapor('127.0.51.31', null, [], '/kanal-aduan/lapor?lang=en');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Report online');
    expect(page.text).toContain('<html lang="en">');
  });
});
