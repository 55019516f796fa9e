// «Catat laporan (telepon / datang langsung)» on the real stack: the
// verifikator records a phone call from a citizen already on file (found by
// the number, written another way) and the citizen gets the ticket on
// WhatsApp in the simulator; a walk-in without a number gets no message; the
// report carries its channel, the citizen and the staff member who recorded
// it. An OPD officer and the public are refused and store nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, fileReport, loginAs, sim, uniqueWaId, waitFor } from './helpers.ts';
import { codeOf, lapor, textOf, ticketOf } from './web-form.ts';

const PAGE = '/kanal-aduan/catat';
const STORY = 'Lampu penerangan jalan di depan Masjid Al-Ikhlas mati sejak seminggu, gelap sekali kalau malam.';
/** A valid Indonesian mobile number (0812…), different per call. */
const newNumber = () => `62812${uniqueWaId().slice(-8)}`;
const local = (waId: string) => `0${waId.slice(2, 5)} ${waId.slice(5, 9)} ${waId.slice(9)}`;
const form = (o: Record<string, string> = {}) => ({ action: 'simpan', channel: 'phone', category: 'JALAN', description: STORY, kecamatan: '16.02.05', desa: '16.02.05.1008', ...o });

type SimOut = { seq: number; wa_id: string; type: string; body: unknown };
let verifikator: string;
let verifikatorId: string;
let officer: string;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function complaintByTicket(ticket: string): Promise<Record<string, any>> {
  const fields = 'id,ticket,channel,status,category,region,rt,rw,reporter.id,reporter.wa_id,reporter.display_name,user_created,verify_due';
  const r = await directus<{ data: Array<Record<string, any>> }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=${fields}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data[0]!;
}
const reportsWith = async (description: string) =>
  (await directus<{ data: unknown[] }>(`/items/complaints?filter=${encodeURIComponent(JSON.stringify({ description: { _eq: description } }))}&fields=id`)).body.data.length;

beforeAll(async () => {
  verifikator = await loginAs('verifikator@example.com');
  officer = await loginAs('opd.pupr@example.com');
  verifikatorId = (await directus<{ data: { id: string } }>('/users/me?fields=id', { token: verifikator })).body.data.id;
});

describe('«Catat laporan» on the stack', () => {
  it('refuses the public (the login) and an OPD officer (403), storing nothing', async () => {
    const publicPage = await lapor('127.0.52.1', null, [], PAGE);
    expect(publicPage.status).toBe(200);
    expect(publicPage.text).toContain('data-testid="login"');
    expect(publicPage.text).not.toContain('id="lapor"');
    const officerPage = await lapor('127.0.52.1', null, [], PAGE, as(officer));
    expect(officerPage.status).toBe(403);
    expect(textOf(officerPage.text)).toContain('hanya untuk verifikator dan admin');

    const story = `${STORY} (ditolak ${Date.now()})`;
    expect((await lapor('127.0.52.1', form({ description: story }), [], PAGE)).status).toBe(401);
    expect((await lapor('127.0.52.1', form({ description: story }), [], PAGE, as(officer))).status).toBe(403);
    expect(await reportsWith(story)).toBe(0);
  });

  it('a verifikator finds a known caller by number, records the phone report, and the citizen gets the ticket on WhatsApp', async () => {
    const waId = newNumber();
    const earlier = await fileReport({ waId, name: 'Bu Rusmini', description: 'Jalan berlubang di depan pasar, sudah sebulan tidak diperbaiki.' });

    const form200 = await lapor('127.0.52.2', null, [], PAGE, as(verifikator));
    expect(form200.status).toBe(200);
    expect(textOf(form200.text)).toContain('Catat laporan (telepon / datang langsung)');

    // «Cari warga»: the number, written the local way, is the citizen on file, with the earlier report.
    const found = await lapor('127.0.52.2', { action: 'cari', phone: local(waId) }, [], PAGE, as(verifikator));
    expect(found.status).toBe(200);
    expect(found.text).toContain('data-testid="citizen-name">Bu Rusmini<');
    expect(found.text).toContain(`data-ticket="${earlier.ticket}"`);

    const page = await lapor('127.0.52.2', form({ phone: local(waId), name: 'Rusmini', rt: '2', rw: '7' }), [], PAGE, as(verifikator));
    expect(page.status, textOf(page.text).slice(0, 800)).toBe(201);
    const ticket = ticketOf(page.text)!;
    const code = codeOf(page.text)!;
    expect(ticket).toMatch(/^ADU-\d{4}-\d{5}$/);

    const row = await complaintByTicket(ticket);
    expect(row).toMatchObject({
      channel: 'phone', status: 'received', category: 'JALAN', region: '16.02.05.1008', rt: '002', rw: '007',
      // The same citizen as the earlier report: one number, one person; the name said on the phone renames nobody.
      reporter: { id: earlier['reporter'], wa_id: waId, display_name: 'Bu Rusmini' },
      user_created: verifikatorId,
    });
    expect(row['verify_due']).toBeTruthy();
    const citizens = await directus<{ data: unknown[] }>(`/items/citizens?filter[wa_id][_eq]=${waId}&fields=id`);
    expect(citizens.body.data).toHaveLength(1);

    const notice: SimOut = await waitFor(async () => {
      const out = (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${waId}&since=0&direction=out`)).messages;
      return out.find((m) => JSON.stringify(m.body).includes(ticket)) ?? null;
    }, { what: `the WhatsApp notice of ${ticket} to ${waId}`, timeoutMs: 60_000 }) as SimOut;
    const said = JSON.stringify(notice.body);
    expect(said).toContain('Laporan Anda yang disampaikan lewat telepon sudah kami catat');
    expect(said).toContain(code);
  });

  it('a walk-in without a number: no reporter, no WhatsApp message, the staff member on the report', async () => {
    const since = (await sim<{ messages: SimOut[] }>('/sim/messages?direction=out')).messages.at(-1)?.seq ?? 0;
    const page = await lapor('127.0.52.3', form({ channel: 'walk_in', description: `${STORY} Datang ke kantor ${Date.now()}.` }), [], PAGE, as(verifikator));
    expect(page.status, textOf(page.text).slice(0, 800)).toBe(201);
    expect(textOf(page.text)).toContain('Tanpa nomor, tidak ada pesan WhatsApp');
    const ticket = ticketOf(page.text)!;
    expect(await complaintByTicket(ticket)).toMatchObject({ channel: 'walk_in', reporter: null, user_created: verifikatorId });

    // A phone report after it gets its message: by then n8n has handled the walk-in's event too, and sent nothing for it.
    const waId = newNumber();
    const after = await lapor('127.0.52.3', form({ phone: `+${waId}` }), [], PAGE, as(verifikator));
    const afterTicket = ticketOf(after.text)!;
    await waitFor(async () => {
      const out = (await sim<{ messages: SimOut[] }>(`/sim/messages?to=${waId}&since=0&direction=out`)).messages;
      return out.find((m) => JSON.stringify(m.body).includes(afterTicket)) ?? null;
    }, { what: `the WhatsApp notice of ${afterTicket}`, timeoutMs: 60_000 });
    const outbox = await directus<{ data: Array<{ delivered_at: string | null }> }>(`/items/event_outbox?filter[complaint][_eq]=${(await complaintByTicket(ticket))['id']}&filter[event][_eq]=complaint.created&fields=delivered_at`);
    expect(outbox.body.data[0]?.delivered_at).toBeTruthy();
    const all = (await sim<{ messages: SimOut[] }>(`/sim/messages?since=${since}&direction=out`)).messages;
    expect(all.filter((m) => JSON.stringify(m.body).includes(ticket))).toEqual([]);
  });

  it('refuses a bad form with the reasons in Indonesian, keeping what was typed', async () => {
    const story = `${STORY} (salah isi ${Date.now()})`;
    const page = await lapor('127.0.52.4', form({ channel: '', rt: 'x', description: story, phone: '0812' }), [], PAGE, as(verifikator));
    expect(page.status).toBe(400);
    const text = textOf(page.text);
    expect(text).toContain('Pilih cara laporan masuk: Telepon atau Datang langsung.');
    expect(text).toContain('RT dan RW diisi angka saja');
    expect(text).toContain('Nomor HP/WhatsApp tidak dikenali');
    expect(page.text).toContain(`${story}</textarea>`);
    expect(await reportsWith(story)).toBe(0);
  });
});
