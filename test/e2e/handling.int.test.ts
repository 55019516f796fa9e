// Report handling end to end: a report handled by the verifikator and an OPD, with the
// WhatsApp messages the citizen and the officers receive in the simulator.
// Directus (hooks) -> signed events -> n8n routing.json -> simulator.
import { describe, expect, it } from 'vitest';
import { directus, fileReport, loginAs, sim, uniqueWaId, waitFor } from './helpers.ts';
import { fileThroughBot, SimChat } from './sim-chat.ts';
import { lacak } from './public-pages.ts';

type SimEntry = { seq: number; wa_id: string; type: string; body: Record<string, any> };
type Complaint = Record<string, any> & { id: number; ticket: string; status: string };

const OFFICER_DPUPR = '6281100000002'; // opd.pupr@example.com (seeds/src/users.ts)
const HEAD_DPUPR = '6281100000003'; // kepala.pupr@example.com

const textOf = (m: SimEntry): string => m.body.text?.body ?? m.body.interactive?.body?.text ?? JSON.stringify(m.body.template ?? m.body);

async function lastSeq(): Promise<number> {
  return (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
}

/** Waits until `to` has received a message matching `match` after `since`. */
async function received(to: string, since: number, match: (text: string, m: SimEntry) => boolean, what: string): Promise<SimEntry> {
  const messages = await waitFor(async () => (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages, {
    what: `${to} to receive ${what} (see test/artifacts/logs/n8n.log)`,
    until: (ms) => ms.some((m) => match(textOf(m), m)),
    show: (ms) => ms.map(textOf),
  });
  return messages.find((m) => match(textOf(m), m))!;
}

async function sent(to: string, since: number): Promise<string[]> {
  return (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages.map(textOf);
}

const newReport = (waId: string, name: string, description: string) => fileReport<Complaint>({ waId, name, description });

async function patch(id: number, token: string, body: Record<string, unknown>) {
  return directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });
}

async function read(id: number, fields = '*'): Promise<Complaint> {
  return (await directus<{ data: Complaint }>(`/items/complaints/${id}?fields=${fields}`)).body.data;
}

async function assignments(id: number) {
  return (await directus<{ data: Array<Record<string, any>> }>(`/items/assignments?filter[complaint][_eq]=${id}&sort=id&fields=*`)).body.data;
}

describe('handling a report: verify -> route -> dispose -> follow up -> resolve -> rate', () => {
  it('goes the whole way with the messages the citizen and the officers receive', async () => {
    const waId = uniqueWaId();
    const verifikator = await loginAs('verifikator@example.com');
    const officer = await loginAs('opd.pupr@example.com');
    // The citizen has written to the bot today, so notices come as text and lists (outside 24 h they would be templates).
    const hello = await lastSeq();
    await sim('/sim/inbound', { from: waId, name: 'Sari', text: 'Halo' });
    await received(waId, hello, (t) => t.includes('Selamat datang'), 'the menu');
    const report = await newReport(waId, 'Sari', 'Jalan di depan pasar Kayu Agung berlubang besar, sudah dua motor jatuh minggu ini.');

    // Verify: n8n suggests the agency from routing_rules (JALAN in 16.02 -> DPUPR) and tells the citizen.
    let since = await lastSeq();
    expect((await patch(report.id, verifikator, { status: 'verified', status_note: 'Lokasi jelas.' })).status).toBe(200);
    await expect.poll(async () => (await read(report.id)).suggested_agency, { timeout: 30_000 }).toBe('DPUPR');
    await received(waId, since, (t) => t.includes(report.ticket) && t.includes('layak ditindaklanjuti'), 'notify.verified');

    // Dispose with the suggestion pre-filled (no agency picked): assignment row, both DPUPR officers messaged once, citizen told.
    since = await lastSeq();
    expect((await patch(report.id, verifikator, { status: 'dispositioned' })).status).toBe(200);
    const disposed = await read(report.id);
    expect(disposed).toMatchObject({ status: 'dispositioned', assigned_agency: 'DPUPR' });
    expect(disposed.respond_due).toBeTruthy();
    // The assignment row is written in the save's own transaction: there when it answers.
    expect(await assignments(report.id)).toEqual([expect.objectContaining({ agency: 'DPUPR', active: true, assigned_by: expect.any(String), respond_due: disposed.respond_due })]);
    for (const phone of [OFFICER_DPUPR, HEAD_DPUPR]) {
      const m = await received(phone, since, (t) => t.includes(report.ticket), 'officer.disposition');
      // Officers who have not written to the bot in 24 h get the approved template (Meta refuses free text), the others the text.
      if (m.type === 'template') {
        expect(m.body.template.name).toBe('kanal_aduan_disposisi');
        const [ticket, category, place, due] = m.body.template.components[0].parameters.map((p: { text: string }) => p.text);
        expect([ticket, category, place]).toEqual([report.ticket, expect.stringMatching(/Jalan/), expect.stringContaining('Jl. Letnan Mukhtar Saleh')]);
        expect(due).toMatch(/^\w+, \d+ \w+ 20\d\d$/);
      } else {
        expect(textOf(m)).toMatch(/Kategori: .*Jalan/);
        expect(textOf(m)).toContain('Jl. Letnan Mukhtar Saleh');
        expect(textOf(m)).toMatch(/Batas tanggapan: \*\w+, \d+ \w+ 20\d\d\*/);
      }
    }
    const toCitizen = await received(waId, since, (t) => t.includes('telah kami teruskan'), 'notify.dispositioned');
    expect(textOf(toCitizen)).toMatch(/Dinas Pekerjaan Umum/);
    // One message per officer per disposition.
    expect((await sent(OFFICER_DPUPR, since)).filter((t) => t.includes(report.ticket))).toHaveLength(1);

    // The officer accepts, posts a public follow-up and an internal note.
    since = await lastSeq();
    expect((await patch(report.id, officer, { status: 'in_progress' })).status).toBe(200);
    expect((await assignments(report.id))[0]!.accepted_at).toBeTruthy();
    const followUp = await directus<any>('/items/complaint_updates', {
      method: 'POST', token: officer,
      body: JSON.stringify({ complaint: report.id, kind: 'follow_up', public: true, body: 'Tim DPUPR sudah meninjau lokasi; penambalan dijadwalkan Kamis.' }),
    });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(200);
    const note = await directus<any>('/items/complaint_updates', {
      method: 'POST', token: officer,
      body: JSON.stringify({ complaint: report.id, kind: 'internal_note', public: false, body: 'Catatan internal: aspal menunggu pengadaan.' }),
    });
    expect(note.status, JSON.stringify(note.body)).toBe(200);
    await received(waId, since, (t) => t.includes('penambalan dijadwalkan Kamis'), 'notify.follow_up');

    // Resolve: the citizen gets the satisfaction question as a list (1–5, belum selesai).
    since = await lastSeq();
    expect((await patch(report.id, officer, { status: 'resolved', status_note: 'Lubang sudah ditambal.' })).status).toBe(200);
    const question = await received(waId, since, (_t, m) => m.type === 'interactive', 'the satisfaction list');
    const rows = question.body.interactive.action.sections[0].rows.map((r: { id: string }) => r.id);
    expect(rows).toEqual(['sat:5', 'sat:4', 'sat:3', 'sat:2', 'sat:1', 'sat:reopen']);
    expect(textOf(question)).toContain('telah selesai ditangani');
    expect((await sent(waId, 0)).join('\n')).not.toContain('Catatan internal');

    // The citizen taps 2 in the list (stored, stays resolved), then "Belum selesai" (reopened at the same agency).
    const tap = (id: string, title: string) => sim('/sim/inbound', { from: waId, name: 'Sari', list_reply: { id, title } });
    since = await lastSeq();
    await tap('sat:2', '2 – Kurang puas');
    await received(waId, since, (t) => t.includes('(2/5)'), 'notify.rating_thanks');
    expect(await read(report.id)).toMatchObject({ status: 'resolved', satisfaction: 2 });
    since = await lastSeq();
    await tap('sat:reopen', 'Belum selesai');
    await expect.poll(async () => (await read(report.id)).status, { timeout: 30_000 }).toBe('in_progress');
    expect(await read(report.id)).toMatchObject({ status: 'in_progress', assigned_agency: 'DPUPR', reopen_count: 1, satisfaction: 2, autoclose_due: null });
    await received(OFFICER_DPUPR, since, (t, m) => t.includes(report.ticket) && (m.type === 'template' ? m.body.template.name === 'kanal_aduan_dibuka_kembali' : t.includes('belum selesai')), 'officer.reopened');
    await received(waId, since, (t) => t.includes('kami buka kembali'), 'notify.reopened');
    expect((await sent(waId, since)).filter((t) => t.includes('kami buka kembali')), 'one reopen message, not two').toHaveLength(1);

    // Resolved again, rated 5 from the list: closed as confirmed by the citizen, thanked once, no "closed" message on top.
    expect((await patch(report.id, officer, { status: 'resolved' })).status).toBe(200);
    await received(waId, since, (_t, m) => m.type === 'interactive', 'the second satisfaction list');
    since = await lastSeq();
    await tap('sat:5', '5 – Sangat puas');
    await received(waId, since, (t) => t.includes('(5/5)'), 'notify.rating_thanks');
    await expect.poll(async () => (await read(report.id)).status, { timeout: 30_000 }).toBe('closed');
    expect(await read(report.id)).toMatchObject({ status: 'closed', status_reason: 'citizen_confirmed', satisfaction: 5, reopen_count: 1 });
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await sent(waId, since)).join('\n')).not.toContain('ditutup');

    // The history is rows: every move, in order.
    const history = (await directus<{ data: Array<{ status_to: string | null; kind: string }> }>(
      `/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[kind][_eq]=status_change&sort=id&fields=status_to,kind`,
    )).body.data.map((h) => h.status_to);
    expect(history).toEqual(['received', 'verified', 'dispositioned', 'in_progress', 'resolved', 'in_progress', 'resolved', 'closed']);
  }, 180_000);

  it('an OPD returns a report as "bukan wewenang" in time; it goes back to the verifikator and is re-routed', async () => {
    const waId = uniqueWaId();
    const verifikator = await loginAs('verifikator@example.com');
    const officer = await loginAs('opd.pupr@example.com');
    const report = await newReport(waId, 'Joko', 'Jalan nasional lintas timur rusak parah di dekat jembatan, mohon diperbaiki.');
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    expect((await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' })).status).toBe(200);

    // Without the reason the return is refused, in Indonesian.
    const noReason = await patch(report.id, officer, { status: 'verified' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].message).toMatch(/memerlukan alasan/);
    // Officers cannot re-route by hand.
    expect((await patch(report.id, officer, { assigned_agency: 'DINKES' })).status).toBe(400);

    const since = await lastSeq();
    const ret = await patch(report.id, officer, { status: 'verified', status_reason: 'not_authority', status_note: 'Jalan nasional, kewenangan BPJN.' });
    expect([200, 204]).toContain(ret.status);
    expect(await read(report.id)).toMatchObject({ status: 'verified', status_reason: 'not_authority', assigned_agency: null });
    expect(await assignments(report.id)).toEqual([
      expect.objectContaining({ agency: 'DPUPR', active: false, returned_at: expect.any(String), return_reason: 'Jalan nasional, kewenangan BPJN.', counted: false }),
    ]);
    // It has left the OPD's list; the verifikator's "Dikembalikan OPD" view shows it.
    expect((await directus<any>(`/items/complaints/${report.id}`, { token: officer })).status).toBe(403);
    const bookmark = await directus<{ data: Array<{ filter: object }> }>(
      `/presets?filter[bookmark][_eq]=${encodeURIComponent('Dikembalikan OPD')}&fields=filter`, { token: verifikator },
    );
    expect(bookmark.body.data, 'the verifikator sees the "Dikembalikan OPD" bookmark').toHaveLength(1);
    const returned = await directus<{ data: Array<{ id: number }> }>(
      `/items/complaints?filter=${encodeURIComponent(JSON.stringify(bookmark.body.data[0]!.filter))}&fields=id&limit=-1`, { token: verifikator },
    );
    expect(returned.body.data.map((r) => r.id)).toContain(report.id);

    // Re-routed to another office: a new active assignment, the old one stays as history; the citizen is told the new office.
    expect((await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DISHUB' })).status).toBe(200);
    expect(await read(report.id)).toMatchObject({ status: 'dispositioned', assigned_agency: 'DISHUB', status_reason: null });
    expect((await assignments(report.id)).map((a) => [a.agency, a.active])).toEqual([['DPUPR', false], ['DISHUB', true]]);
    await received(waId, since, (t) => t.includes('telah kami teruskan') && /Perhubungan/.test(t), 'notify.dispositioned to the new office');
    // The return itself was never announced to the citizen.
    expect((await sent(waId, since)).join('\n')).not.toMatch(/BPJN|bukan wewenang/i);
  }, 120_000);

  it('asks the citizen for more information on WhatsApp, and tells a duplicate’s reporter the original ticket', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const waId = uniqueWaId();
    const first = await newReport(waId, 'Rudi', 'Lampu jalan mati sepanjang jalan menuju pasar, gelap sekali malam hari.');
    let since = await lastSeq();
    expect((await patch(first.id, verifikator, { status: 'needs_info', status_note: 'Di ruas jalan mana tepatnya, dekat bangunan apa?' })).status).toBe(200);
    const question = await received(waId, since, (t) => t.includes('keterangan tambahan'), 'notify.needs_info');
    expect(textOf(question)).toContain('Di ruas jalan mana tepatnya, dekat bangunan apa?');
    expect(textOf(question)).toContain(first.ticket);

    const second = await newReport(waId, 'Rudi', 'Lampu jalan mati di jalan ke pasar, mohon diperbaiki segera.');
    since = await lastSeq();
    expect((await patch(second.id, verifikator, { status: 'rejected', status_reason: 'duplicate', duplicate_of: first.id })).status).toBe(200);
    const dup = await received(waId, since, (t) => t.includes(second.ticket), 'notify.duplicate');
    expect(textOf(dup)).toContain(`cek ${first.ticket}`);
  }, 60_000);

  it('keeps a report with no route visible to the verifikator, never dropped', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const report = await newReport(uniqueWaId(), 'Ani', 'Laporan tanpa kategori yang jelas, mohon dicek oleh petugas.');
    expect((await patch(report.id, verifikator, { category: null })).status).toBe(200);
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    await expect.poll(async () => (await read(report.id)).status_note ?? '', { timeout: 30_000 }).toMatch(/Belum ada OPD tujuan/);
    expect(await read(report.id)).toMatchObject({ status: 'verified', suggested_agency: null });
    // Disposing without an agency is refused with a clear message instead of guessing.
    const refused = await patch(report.id, verifikator, { status: 'dispositioned' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/Pilih instansi tujuan/);
  }, 60_000);
});

describe('"Gabungkan": two citizens report the same pothole', () => {
  it('the second report is joined into the first on its suggestion; both citizens follow it to the resolution, and it counts once', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const officer = await loginAs('opd.pupr@example.com');
    const [sari, budi] = [uniqueWaId(), uniqueWaId()];
    // Words no other test uses, so the intake's suggestion can only be the first report.
    const first = await fileThroughBot(new SimChat(sari, 'Sari'),
      'Jalan di Talang Pangeran Ulu depan musala Nurul Falah amblas sedalam lutut, truk sawit terperosok kemarin sore',
      { latitude: -3.30412, longitude: 104.70233, name: 'Musala Nurul Falah' });
    const second = await fileThroughBot(new SimChat(budi, 'Budi'),
      'Jalan amblas di depan musala Nurul Falah Talang Pangeran Ulu, truk sawit sampai terperosok, tolong segera diperbaiki',
      { latitude: -3.30425, longitude: 104.70251, name: 'Talang Pangeran Ulu' });
    const byTicket = async (ticket: string) =>
      (await directus<{ data: Complaint[] }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,ticket,status,duplicate_suggestion,duplicate_of,reporters_count`, { token: verifikator })).body.data[0]!;
    const [a, b] = [await byTicket(first), await byTicket(second)];
    expect(b.duplicate_suggestion, 'the intake suggests the first report').toBe(a.id);

    // One step: "Ditolak · Laporan ganda" on the suggested report, no original picked by hand.
    let since = await lastSeq();
    const joined = await patch(b.id, verifikator, { status: 'rejected', status_reason: 'duplicate' });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(await byTicket(second)).toMatchObject({ status: 'rejected', duplicate_of: a.id });
    // The count commits with the join: no waiting.
    expect(await byTicket(first)).toMatchObject({ reporters_count: 2 });
    const told = await received(budi, since, (t) => t.includes(second) && t.includes('kami gabungkan'), 'notify.duplicate');
    expect(textOf(told)).toContain(`cek ${first}`);
    // A join that breaks the rule is refused with the reason: the first report joined into the (now joined) second one.
    const refused = await patch(a.id, verifikator, { status: 'rejected', status_reason: 'duplicate', duplicate_of: b.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(new RegExp(`${second} sendiri sudah digabungkan ke ${first}`));

    // The original goes its way; each notice reaches both citizens, each about the original's ticket.
    since = await lastSeq();
    expect((await patch(a.id, verifikator, { status: 'verified' })).status).toBe(200);
    expect((await patch(a.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' })).status).toBe(200);
    for (const who of [sari, budi]) await received(who, since, (t) => t.includes(first) && t.includes('telah kami teruskan'), `notify.dispositioned to ${who}`);
    // "cek" on the original's ticket, as the notice told Budi: he sees where it stands; a stranger does not.
    since = await lastSeq();
    await sim('/sim/inbound', { from: budi, name: 'Budi', text: `cek ${first}` });
    const status = await received(budi, since, (t) => t.startsWith(`Status laporan *${first}*`), 'the status of the report he follows');
    expect(textOf(status)).toMatch(/Dinas Pekerjaan Umum/);
    const stranger = uniqueWaId();
    await sim('/sim/inbound', { from: stranger, name: 'Orang lain', text: `cek ${first}` });
    await received(stranger, since, (t) => t.includes(first) && /tidak menemukan/.test(t), 'not found for a stranger');
    expect((await patch(a.id, officer, { status: 'in_progress' })).status).toBe(200);
    const followUp = await directus<any>('/items/complaint_updates', {
      method: 'POST', token: officer,
      body: JSON.stringify({ complaint: a.id, kind: 'follow_up', public: true, body: 'Tim DPUPR menimbun lubang dengan sirtu hari ini.' }),
    });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(200);
    for (const who of [sari, budi]) await received(who, since, (t) => t.includes('menimbun lubang dengan sirtu'), `notify.follow_up to ${who}`);
    // "cek" on his own, joined ticket: not "Ditolak", but the report he follows, with its office and follow-up.
    since = await lastSeq();
    await sim('/sim/inbound', { from: budi, name: 'Budi', text: `cek ${second}` });
    const own = textOf(await received(budi, since, (t) => t.includes(`*${second}* sudah digabungkan dengan laporan *${first}*`), 'the joined ticket follows the original'));
    expect(own).toContain('Sedang Ditindaklanjuti');
    expect(own).toMatch(/Dinas Pekerjaan Umum/);
    expect(own).toContain('menimbun lubang dengan sirtu');
    expect(own).not.toContain('Ditolak');
    // The web tracker, with his ticket's code, says the same: joined, and where the original stands.
    const { tracking_code: code } = (await directus<{ data: { tracking_code: string } }>(`/items/complaints/${b.id}?fields=tracking_code`)).body.data;
    const page = await lacak('127.0.6.1', second, code);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`digabungkan dengan laporan ${first} tentang masalah yang sama, yang kini berstatus «Sedang Ditindaklanjuti»`);

    since = await lastSeq();
    expect((await patch(a.id, officer, { status: 'resolved', status_note: 'Jalan sudah diperbaiki dan dipadatkan.' })).status).toBe(200);
    // The reporter rates it; the follower hears of it without the question, naming their own ticket too.
    await received(sari, since, (_t, m) => m.type === 'interactive', 'the satisfaction list');
    const done = await received(budi, since, (t) => t.includes('telah selesai ditangani'), 'notify.follower_resolved');
    expect(done.type).toBe('text');
    expect(textOf(done)).toContain(first);
    expect(textOf(done)).toContain(second);
    expect(textOf(done)).toContain('Jalan sudah diperbaiki dan dipadatkan.');
    expect(textOf(done)).not.toMatch(/Seberapa puas/);
    // Each citizen heard each piece of news once.
    for (const who of [sari, budi]) expect((await sent(who, since)).filter((t) => t.includes('telah selesai ditangani')), who).toHaveLength(1);

    // The ranking reads assignments: the matter is one disposition of DPUPR; the joined report never reached an agency.
    expect(await assignments(b.id)).toEqual([]);
    expect((await assignments(a.id)).map((x) => x.agency)).toEqual(['DPUPR']);
  }, 240_000);
});

