// Temu Bupati end to end: citizens book a meeting with the Bupati through the
// WhatsApp simulator (topic, a day from the weekly schedule, confirmation, the
// booking code), move it and cancel it by chat; two citizens taking the last
// place at the same moment get exactly one booking, and the other is offered
// the days left. Bookings are read back through Directus's REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, lastFailedRun, loginAs, scanAt, sim, uniqueWaId } from './helpers.ts';
import { KECAMATAN_DESK_NUMBER } from '@kanal-aduan/seeds';
import { optionsOf, SimChat } from './sim-chat.ts';

type Row = Record<string, any>;
const RUN = Date.now().toString(36).toUpperCase();
const made: { slots: number[]; appointments: number[] } = { slots: [], appointments: [] };

async function appointment(code: string): Promise<Row> {
  const r = await directus<{ data: Row[] }>(`/items/appointments?filter[code][_eq]=${code}&fields=*,citizen.wa_id`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const row = r.body.data[0];
  if (row) made.appointments.push(row['id']);
  return row!;
}

/** The day rows the bot's latest list offers: `appt:day:<slot>:<date>`. */
function offered(chat: SimChat): Array<{ id: string; title: string; slot: number; date: string }> {
  return chat.last
    .flatMap((e) => optionsOf(e.body))
    .filter((o) => o.id.startsWith('appt:day:'))
    .map((o) => {
      const [, , slot, date] = o.id.split(':');
      return { id: o.id, title: o.title, slot: Number(slot), date: String(date) };
    });
}

/** Picks the first offered day of `slot` from the list (as tapping its row would). */
async function pickDay(chat: SimChat, slot: number): Promise<{ date: string }> {
  const day = offered(chat).find((d) => d.slot === slot);
  if (!day) throw new Error(`slot ${slot} not offered:\n${chat.transcript()}`);
  await chat.send({ list_reply: { id: day.id, title: day.title } }, `[${day.title}]`);
  return { date: day.date };
}

const codeIn = (chat: SimChat): string | null => /\bTMU-[A-Z0-9]{6}\b/.exec(chat.texts().join('\n'))?.[0] ?? null;

async function startBooking(chat: SimChat, opening: string, topic: string): Promise<void> {
  await chat.say(opening);
  expect(chat.texts().join('\n'), chat.transcript()).toContain('Temu Bupati');
  await chat.say(topic);
  expect(offered(chat).length, chat.transcript()).toBeGreaterThan(0);
}

async function newSlot(weekday: number, quota: number): Promise<number> {
  const r = await directus<{ data: Row }>('/items/appointment_slots', {
    method: 'POST',
    body: JSON.stringify({ weekday, start_time: '10:30', place: `Ruang Uji Temu ${RUN}`, quota, active: true }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  made.slots.push(r.body.data['id']);
  return r.body.data['id'];
}

/** A slot the bot does not offer (inactive): the office's moves are checked against its quota all the same. */
async function officeSlot(quota: number): Promise<number> {
  const r = await directus<{ data: Row }>('/items/appointment_slots', {
    method: 'POST',
    body: JSON.stringify({ weekday: 1, start_time: '13:00', place: `Ruang Kantor ${RUN}`, quota, active: false }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  made.slots.push(r.body.data['id']);
  return r.body.data['id'];
}

/** A booking the desk enters by hand on a slot and date (13:00 WIB). */
async function deskBooking(slot: number, date: string, topic: string): Promise<Row> {
  const r = await directus<{ data: Row }>('/items/appointments', {
    method: 'POST',
    body: JSON.stringify({ topic, status: 'requested', slot, slot_date: date, scheduled_at: new Date(`${date}T13:00:00+07:00`).toISOString(), place: `Ruang Kantor ${RUN}` }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  made.appointments.push(r.body.data['id']);
  return r.body.data;
}


type SimEntry = { seq: number; body: Record<string, any>; phone_number_id?: string };
const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
const textsTo = async (to: string, since: number) =>
  (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages.map((m) => String(m.body['text']?.body ?? JSON.stringify(m.body)));

beforeAll(async () => {
  // The demo schedule the bot offers: Tuesday and Thursday 09:00 at the Pendopo, 5 places each.
  const seeded = await directus<{ data: Row[] }>('/items/appointment_slots?filter[id][_in]=1,2&fields=id,weekday,start_time,quota,active&sort=id');
  expect(seeded.body.data).toMatchObject([
    { id: 1, weekday: 2, start_time: '09:00', quota: 5, active: true },
    { id: 2, weekday: 4, start_time: '09:00', quota: 5, active: true },
  ]);
});

afterAll(async () => {
  for (const id of made.appointments) await directus(`/items/appointments/${id}`, { method: 'DELETE' });
  // Bookings of the race slot the test could not name by code.
  for (const slot of made.slots) {
    const left = await directus<{ data: Row[] }>(`/items/appointments?filter[slot][_eq]=${slot}&fields=id&limit=-1`);
    for (const r of left.body.data ?? []) await directus(`/items/appointments/${r['id']}`, { method: 'DELETE' });
    await directus(`/items/appointment_slots/${slot}`, { method: 'DELETE' });
  }
});

describe('Temu Bupati on WhatsApp', () => {
  it('books with a code, moves to another day and cancels by chat; only the booker can cancel; the Pimpinan reads the agenda without the citizen', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Rahmat');
    await startBooking(chat, 'mau ketemu bupati', 'Usulan perbaikan irigasi desa Celikah yang rusak');
    const first = await pickDay(chat, 1);
    expect(chat.texts().join('\n')).toContain('pukul 09:00');
    await chat.tap('Ya, daftarkan');
    const code = codeIn(chat);
    expect(code, chat.transcript()).toMatch(/^TMU-/);
    expect(chat.texts().join('\n')).toContain('Pendopo Kabupaten');

    let row = await appointment(code!);
    expect(row).toMatchObject({
      status: 'requested', slot: 1, slot_date: first.date, place: 'Pendopo Kabupaten',
      topic: 'Usulan perbaikan irigasi desa Celikah yang rusak', citizen: { wa_id: waId },
    });
    // 09:00 local (WIB, the demo regency) on the chosen day.
    expect(new Date(row['scheduled_at']).toISOString()).toBe(new Date(`${first.date}T09:00:00+07:00`).toISOString());

    // Someone else's chat cannot cancel it.
    const stranger = new SimChat(uniqueWaId(), 'Orang Lain');
    await stranger.say(`batal temu ${code}`);
    expect(stranger.texts().join('\n')).toContain('tidak menemukan');
    expect((await appointment(code!))['status']).toBe('requested');

    // Move: the same code on another day.
    await chat.say(`pindah temu ${code}`);
    const moved = await pickDay(chat, 2);
    await chat.tap('Ya, daftarkan');
    expect(chat.texts().join('\n'), chat.transcript()).toContain('sudah kami pindahkan');
    row = await appointment(code!);
    expect(row).toMatchObject({ status: 'requested', slot: 2, slot_date: moved.date });
    const mine = await directus<{ data: Row[] }>(`/items/appointments?filter[citizen][wa_id][_eq]=${waId}&fields=id`);
    expect(mine.body.data, 'a move keeps one booking').toHaveLength(1);

    // The Bupati's agenda: the booking, never who booked it.
    const bupati = await loginAs('bupati@example.com');
    const agenda = await directus<{ data: Row }>(`/items/appointments/${row['id']}?fields=*`, { token: bupati });
    expect(agenda.status, JSON.stringify(agenda.body)).toBe(200);
    expect(agenda.body.data).toMatchObject({ code, topic: row['topic'] });
    expect(agenda.body.data).not.toHaveProperty('citizen');
    const asked = await directus<{ data?: Row }>(`/items/appointments/${row['id']}?fields=citizen.phone`, { token: bupati });
    expect(asked.status === 403 || asked.body.data?.['citizen'] == null, JSON.stringify(asked.body)).toBe(true);

    // A booking the desk enters by hand (the citizen phoned) gets a code too.
    const byHand = await directus<{ data: Row }>('/items/appointments', { method: 'POST', body: JSON.stringify({ topic: 'Dicatat petugas (uji)', status: 'requested' }) });
    expect(byHand.status, JSON.stringify(byHand.body)).toBe(200);
    made.appointments.push(byHand.body.data['id']);
    expect(byHand.body.data['code']).toMatch(/^TMU-[A-Z0-9]{6}$/);

    // Cancel.
    await chat.say(`batal temu ${code}`);
    expect(chat.texts().join('\n'), chat.transcript()).toContain('dibatalkan');
    expect((await appointment(code!))['status']).toBe('cancelled');
  }, 240_000);

  it('two citizens taking the last place at the same moment: exactly one booking, the other is offered the days left', async () => {
    const slot = await newSlot(3, 1);
    const a = new SimChat(uniqueWaId(), 'Warga A');
    const b = new SimChat(uniqueWaId(), 'Warga B');
    await Promise.all([
      startBooking(a, 'ingin bertemu bupati', 'Bantuan sosial untuk lansia belum cair'),
      startBooking(b, 'saya mau ketemu pak bupati', 'Sengketa batas tanah dengan desa tetangga'),
    ]);
    const [dayA, dayB] = await Promise.all([pickDay(a, slot), pickDay(b, slot)]);
    expect(dayA.date).toBe(dayB.date);

    await Promise.all([a.tap('Ya, daftarkan'), b.tap('Ya, daftarkan')]);
    const codes = [codeIn(a), codeIn(b)];
    const winner = codes[0] ? a : b;
    const loser = codes[0] ? b : a;
    expect(codes.filter(Boolean), `${a.transcript()}\n---\n${b.transcript()}`).toHaveLength(1);
    expect(loser.texts().join('\n'), loser.transcript()).toContain('baru saja terisi penuh');
    // The other days are offered, without the one that is full.
    expect(offered(loser).length, loser.transcript()).toBeGreaterThan(0);
    expect(offered(loser).some((d) => d.slot === slot && d.date === dayA.date)).toBe(false);

    const held = await directus<{ data: Row[] }>(`/items/appointments?filter[slot][_eq]=${slot}&filter[slot_date][_eq]=${dayA.date}&filter[status][_in]=requested,scheduled&fields=id,code,citizen.wa_id`);
    expect(held.body.data).toHaveLength(1);
    expect(held.body.data[0]).toMatchObject({ code: codeIn(winner), citizen: { wa_id: winner.waId } });
  }, 240_000);

  it('the office approves, moves and cancels in Directus: the citizen hears each once, at the reminders flow\'s next run', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Wati');
    await startBooking(chat, 'temu bupati', 'Permohonan bantuan alat pertanian kelompok wanita tani');
    await pickDay(chat, 2);
    await chat.tap('Ya, daftarkan');
    const code = codeIn(chat);
    expect(code, chat.transcript()).toMatch(/^TMU-/);
    const row = await appointment(code!);
    const verifikator = await loginAs('verifikator@example.com');
    const edit = async (patch: Row) => {
      const r = await directus(`/items/appointments/${row['id']}`, { method: 'PATCH', token: verifikator, body: JSON.stringify(patch) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const newsAfter = async (since: number) => (await textsTo(waId, since)).filter((t) => t.includes(code!));

    // Notes are not news; a notice written by hand is ignored.
    let since = await lastSeq();
    await edit({ note: 'Membawa proposal.', notice_pending: 'appointment.office_cancelled' });
    expect((await appointment(code!))['notice_pending']).toBeNull();
    await scanAt(new Date());
    expect(await newsAfter(since)).toEqual([]);

    // Approved: stored with the edit, sent at the next run, once.
    await edit({ status: 'scheduled' });
    expect((await appointment(code!))['notice_pending']).toBe('appointment.scheduled');
    await scanAt(new Date());
    await scanAt(new Date());
    let got = await newsAfter(since);
    expect(got, await lastFailedRun()).toHaveLength(1);
    expect(got[0]).toContain('sudah dijadwalkan');
    expect(got[0]).toContain('pukul 09:00');
    expect((await appointment(code!))['notice_pending']).toBeNull();

    // Moved an hour later and to another room.
    since = await lastSeq();
    await edit({ scheduled_at: new Date(Date.parse(row['scheduled_at']) + 3_600_000).toISOString(), place: 'Ruang Rapat Bupati' });
    await scanAt(new Date());
    got = await newsAfter(since);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('dipindahkan oleh petugas');
    expect(got[0]).toContain('pukul 10:00');
    expect(got[0]).toContain('Ruang Rapat Bupati');

    // Cancelled.
    since = await lastSeq();
    await edit({ status: 'cancelled' });
    await scanAt(new Date());
    got = await newsAfter(since);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('dibatalkan oleh petugas');
  }, 240_000);

  it('reminds the citizen the day before (clock moved), once, from the desk number they booked through', async () => {
    const waId = uniqueWaId();
    // Booked by writing to the Kayu Agung desk's own number: the reminder comes from that number (its 24-hour window).
    const chat = new SimChat(waId, 'Sari', KECAMATAN_DESK_NUMBER.phoneNumberId);
    await startBooking(chat, 'temu bupati', 'Menyampaikan aspirasi kelompok tani Kayu Agung');
    const day = await pickDay(chat, 1);
    await chat.tap('Ya, daftarkan');
    const code = codeIn(chat);
    expect(code, chat.transcript()).toMatch(/^TMU-/);
    await appointment(code!);

    // Two days before: nothing yet.
    const before = new Date(`${day.date}T08:00:00+07:00`);
    const since = await lastSeq();
    await scanAt(new Date(before.getTime() - 2 * 86_400_000));
    expect((await textsTo(waId, since)).filter((t) => t.includes(code!))).toEqual([]);

    // The day before, 08:00 WIB: the reminder, with the code, the time and the place.
    await scanAt(new Date(before.getTime() - 86_400_000));
    const got = (await textsTo(waId, since)).filter((t) => t.includes(code!));
    expect(got, await lastFailedRun()).toHaveLength(1);
    expect(got[0]).toContain('Besok');
    expect(got[0]).toContain('pukul 09:00');
    expect(got[0]).toContain('Pendopo Kabupaten');
    const sent = (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${waId}&since=${since}&direction=out`)).messages;
    expect(sent.map((m) => m.phone_number_id)).toEqual([KECAMATAN_DESK_NUMBER.phoneNumberId]);
    expect((await appointment(code!))['reminded_at']).toBeTruthy();

    // A later run the same day sends nothing more.
    await scanAt(new Date(before.getTime() - 86_400_000 + 3 * 3_600_000));
    expect((await textsTo(waId, since)).filter((t) => t.includes(code!))).toHaveLength(1);

    // After the meeting: «Jadikan laporan» turns the notes into a report by the citizen, once.
    const row = await appointment(code!);
    const verifikator = await loginAs('verifikator@example.com');
    const make = () => directus<{ data: Row; errors?: unknown }>(`/kanal-aduan/appointments/${row['id']}/report`, { method: 'POST', token: verifikator });
    expect((await make()).status, 'no notes yet').toBe(400);
    const noted = await directus(`/items/appointments/${row['id']}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ note: 'Pintu air irigasi di Celikah rusak sejak Oktober; 20 ha sawah kering.' }) });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    const made = await make();
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.data).toMatchObject({ created: true, ticket: expect.stringMatching(/^ADU-/) });
    const report = (await directus<{ data: Row }>(`/items/complaints/${made.body.data['complaint']}?fields=ticket,type,channel,description,reporter.wa_id`)).body.data;
    expect(report).toMatchObject({ type: 'aspirasi', channel: 'walk_in', reporter: { wa_id: waId } });
    expect(report['description']).toContain('20 ha sawah kering');
    expect(await appointment(code!)).toMatchObject({ status: 'done', complaint: made.body.data['complaint'] });
    expect((await make()).body.data).toMatchObject({ created: false, complaint: made.body.data['complaint'] });
    const bupati = await loginAs('bupati@example.com');
    expect((await directus(`/kanal-aduan/appointments/${row['id']}/report`, { method: 'POST', token: bupati })).status).toBe(403);
  }, 240_000);

  it('an office move obeys the slot\'s quota: onto a full day it is refused with the reason and nothing changes; onto a free day, or once a place is freed, it goes through', async () => {
    const slot = await officeSlot(1);
    // Far beyond the days the bot offers, so no chat competes for them.
    const [full, other, free] = ['2027-06-07', '2027-06-14', '2027-06-21'];
    const holder = await deskBooking(slot, full, 'Pemegang tempat terakhir (uji)');
    const moved = await deskBooking(slot, other, 'Dipindah petugas (uji)');
    const verifikator = await loginAs('verifikator@example.com');
    const edit = (id: number, patch: Row) => directus<{ errors?: Array<{ message: string; extensions?: Row }> }>(`/items/appointments/${id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify(patch) });
    const read = async (id: number) => (await directus<{ data: Row }>(`/items/appointments/${id}?fields=slot,slot_date,scheduled_at,status,notice_pending`)).body.data;
    const before = await read(moved['id']);

    // Onto the full day: by its date, and by dragging the meeting time on the calendar.
    for (const patch of [{ slot_date: full }, { scheduled_at: new Date(`${full}T13:00:00+07:00`).toISOString() }]) {
      const refused = await edit(moved['id'], patch);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.errors?.[0]?.message).toBe(`Jadwal Senin, 7 Juni 2027 pukul 13:00 di Ruang Kantor ${RUN} sudah penuh (kuota 1). Pilih hari atau jam lain.`);
      expect(refused.body.errors?.[0]?.extensions?.['domain_code']).toBe('APPOINTMENT.SLOT_FULL');
      expect(await read(moved['id']), 'nothing saved').toEqual(before);
    }
    // The booking holding the place is not counted against itself.
    const self = await edit(holder['id'], { slot_date: full, status: 'scheduled', scheduled_at: new Date(`${full}T14:00:00+07:00`).toISOString() });
    expect(self.status, JSON.stringify(self.body)).toBe(200);

    // Onto a free day: saved, the citizen's notice with it.
    const ok = await edit(moved['id'], { slot_date: free, scheduled_at: new Date(`${free}T13:00:00+07:00`).toISOString() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await read(moved['id'])).toMatchObject({ slot_date: free, notice_pending: 'appointment.office_moved' });

    // A cancelled booking holds no place: the full day has room once it is cancelled.
    expect((await edit(holder['id'], { status: 'cancelled' })).status).toBe(200);
    const after = await edit(moved['id'], { scheduled_at: new Date(`${full}T13:00:00+07:00`).toISOString() });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(await read(moved['id']), 'the date follows the dragged time').toMatchObject({ slot_date: full });
    // …and bringing the cancelled one back onto it is refused now.
    expect((await edit(holder['id'], { status: 'requested' })).status).toBe(400);
    expect((await read(holder['id']))['status']).toBe('cancelled');
  }, 240_000);

  it('two officers moving two bookings onto the last place at the same moment: exactly one is saved', async () => {
    const slot = await officeSlot(1);
    const target = '2027-07-05';
    const a = await deskBooking(slot, '2027-07-12', 'Pindah serentak A (uji)');
    const b = await deskBooking(slot, '2027-07-19', 'Pindah serentak B (uji)');
    const [one, two] = await Promise.all([loginAs('verifikator@example.com'), loginAs('verifikator@example.com')]);
    const results = await Promise.all([
      directus(`/items/appointments/${a['id']}`, { method: 'PATCH', token: one, body: JSON.stringify({ slot_date: target }) }),
      directus(`/items/appointments/${b['id']}`, { method: 'PATCH', token: two, body: JSON.stringify({ slot_date: target }) }),
    ]);
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([200, 400]);
    const held = await directus<{ data: Row[] }>(`/items/appointments?filter[slot][_eq]=${slot}&filter[slot_date][_eq]=${target}&fields=id`);
    expect(held.body.data).toHaveLength(1);
  }, 240_000);

  it('moving one\'s own booking by chat offers its current day even when that day has no other place (the booking is not counted against itself)', async () => {
    const slot = await newSlot(5, 1);
    const chat = new SimChat(uniqueWaId(), 'Yusuf');
    await startBooking(chat, 'mau ketemu bupati', 'Pengajuan beasiswa untuk anak petani karet');
    const first = await pickDay(chat, slot);
    await chat.tap('Ya, daftarkan');
    const code = codeIn(chat);
    expect(code, chat.transcript()).toMatch(/^TMU-/);
    await appointment(code!);

    await chat.say(`pindah temu ${code}`);
    expect(offered(chat).some((d) => d.slot === slot && d.date === first.date), chat.transcript()).toBe(true);
    // Another citizen still finds that day full.
    const other = new SimChat(uniqueWaId(), 'Orang Lain');
    await startBooking(other, 'mau ketemu bupati', 'Pengajuan bantuan bibit karet untuk kelompok tani');
    expect(offered(other).some((d) => d.slot === slot && d.date === first.date), other.transcript()).toBe(false);

    // Keeping the same day, a minute later, is a move that fits.
    await pickDay(chat, slot);
    await chat.tap('Ya, daftarkan');
    expect(chat.texts().join('\n'), chat.transcript()).toContain('sudah kami pindahkan');
    expect(await appointment(code!)).toMatchObject({ slot, slot_date: first.date, status: 'requested' });
  }, 240_000);
});
