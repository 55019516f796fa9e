// SLA reminders end to end: reports nobody touches, the clock moved forward through
// the reminders workflow (POST /webhook/sla-scan with a signed `now`), and the
// WhatsApp digests that reach the officers in the simulator, each level once,
// in the order of the SP4N policy — even when two scans run at the same time,
// and again (once) after WhatsApp failed or n8n died between claim and send.
import { addWorkingDays, levelName, makeCalendar, nextSendTime, reminderSteps, stepFiresAt, type ReminderStep } from '@kanal-aduan/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, env, fileReport, lastFailedRun, loginAs, scanAt, sim } from './helpers.ts';
import { SimChat } from './sim-chat.ts';

type SimEntry = { seq: number; wa_id: string; type: string; body: { text?: { body: string } } };
type Complaint = {
  id: number; ticket: string; status: string; status_reason: string | null; overdue: boolean; days_late: number;
  verify_due: string | null; respond_due: string | null; resolve_due: string | null; autoclose_due: string | null;
};

// Demo users' WhatsApp numbers (seeds/src/users.ts).
const PHONES = { verifikator: '6281100000001', officer: '6281100000002', head: '6281100000003', pimpinan: '6281100000005' };
const AUDIENCE_PHONE: Record<ReminderStep['notify'], string> = {
  verifikator: PHONES.verifikator, agency_officers: PHONES.officer, agency_head: PHONES.head, pimpinan: PHONES.pimpinan,
};


const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
const textOf = (m: SimEntry) => m.body.text?.body ?? '';
/** Digest lines about `ticket` that `phone` received after `since` (a digest lists a ticket as "• ADU-… "). */
async function linesAbout(phone: string, since: number, tickets: string[]): Promise<string[]> {
  const { messages } = await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${phone}&since=${since}&direction=out`);
  return messages.flatMap((m) => textOf(m).split('\n')).filter((l) => tickets.some((t) => l.startsWith(`• ${t} `)));
}

/** What reached `phone` since `since` and how the reports' reminder rows stand: the evidence when a digest line is missing. */
async function reminderTrail(phone: string, since: number, complaints: number[]): Promise<string> {
  const { messages } = await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${phone}&since=${since}&direction=out`);
  const rows = (await directus<{ data: unknown[] }>(
    `/items/reminders?filter[complaint][_in]=${complaints.join(',')}&fields=key,status,attempts,claimed_at,last_error&sort=key&limit=-1`,
  )).body.data;
  const sent = messages.map((m) => `${m.type} ${textOf(m).length} chars: ${textOf(m).slice(0, 200)}`);
  return `messages: ${JSON.stringify(sent)}; reminders: ${JSON.stringify(rows)}; ${await lastFailedRun()}`;
}

const newReport = (description: string) => fileReport<Complaint>({ description, title: 'Jalan rusak', address: 'Jl. Lintas Timur' });
const patch = (id: number, token: string, body: Record<string, unknown>) =>
  directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });
const read = async (id: number) => (await directus<{ data: Complaint }>(`/items/complaints/${id}?fields=*`)).body.data;

describe('reminders and escalation on the working-day clock', () => {
  // People who have not written to the bot in 24 h get the digest as the approved template (name and count only);
  // these tests read the ticket lines of the text, so every recipient writes once first (see needs-info.int.test.ts).
  beforeAll(async () => {
    for (const phone of Object.values(PHONES)) await new SimChat(phone, 'Petugas').say('Halo');
  }, 120_000);

  it('an untouched report gets exactly the policy’s reminders, in order, once, with history and overdue flags', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    // A: never verified. B: dispositioned to DPUPR, then nobody acts.
    const a = await newReport('Jalan desa rusak parah dan belum pernah diperbaiki sejak tahun lalu.');
    const b0 = await newReport('Gorong-gorong tersumbat sehingga jalan tergenang setiap hujan turun.');
    expect((await patch(b0.id, verifikator, { status: 'verified' })).status).toBe(200);
    const disposed = await patch(b0.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' });
    expect(disposed.status, JSON.stringify(disposed.body)).toBe(200);
    const b = await read(b0.id);
    const aDue = (await read(a.id)).verify_due!;
    expect(b.respond_due && b.resolve_due && aDue).toBeTruthy();

    // The policy and calendar as Directus holds them: expected = each step's first sending moment.
    const policy = (await directus<{ data: { escalation: unknown }[] }>('/items/sla_policies?filter[code][_eq]=SP4N&fields=escalation')).body.data[0]!;
    const holidays = (await directus<{ data: { date: string }[] }>('/items/holidays?fields=date&limit=-1')).body.data;
    const cal = makeCalendar('Asia/Jakarta', holidays);
    const steps = reminderSteps(policy.escalation);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    type Expected = { at: Date; ticket: string; stage: string; level: string; phone: string };
    const expected: Expected[] = [];
    for (const s of steps) {
      const [report, due] = s.stage === 'verify' ? [a, aDue] : [b, s.stage === 'respond' ? b.respond_due! : b.resolve_due!];
      const at = nextSendTime(stepFiresAt(new Date(due), s.after_days, cal), cal);
      expected.push({ at, ticket: report.ticket, stage: s.stage, level: levelName(s), phone: AUDIENCE_PHONE[s.notify] });
    }
    expected.sort((x, y) => x.at.getTime() - y.at.getTime());
    const times = [...new Set(expected.map((e) => e.at.getTime()))].map((t) => new Date(t));
    const tickets = [a.ticket, b.ticket];

    // Just before the first level: nothing about these reports yet.
    let since = await lastSeq();
    await scanAt(new Date(times[0]!.getTime() - 60_000));
    for (const phone of Object.values(PHONES)) expect(await linesAbout(phone, since, tickets), phone).toEqual([]);

    for (const t of times) {
      since = await lastSeq();
      // Two runs at once: the reminders collection's primary key lets only one of them claim each level.
      await Promise.all([scanAt(t), scanAt(t)]);
      const due = expected.filter((e) => e.at.getTime() === t.getTime());
      for (const phone of Object.values(PHONES)) {
        const got = await linesAbout(phone, since, tickets);
        const want = due.filter((e) => e.phone === phone).map((e) => e.ticket).sort();
        const gotTickets = got.map((l) => l.split(' ')[1]).sort();
        if (JSON.stringify(gotTickets) !== JSON.stringify(want)) {
          expect.fail(`${phone} at ${t.toISOString()}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}; ${await reminderTrail(phone, since, [a.id, b.id])}`);
        }
      }
    }

    // Long after: everything was said once; nothing is repeated.
    since = await lastSeq();
    const later = new Date(times.at(-1)!.getTime() + 20 * 86_400_000);
    await scanAt(nextSendTime(later, cal));
    for (const phone of Object.values(PHONES)) expect(await linesAbout(phone, since, tickets), phone).toEqual([]);

    // The report's history shows each reminder and escalation, in the policy's order.
    const history = (await directus<{ data: { body: string }[] }>(
      `/items/complaint_updates?filter[complaint][_eq]=${b.id}&filter[kind][_eq]=reminder&sort=id&fields=body&limit=-1`,
    )).body.data.map((u) => u.body);
    expect(history).toEqual([
      expect.stringMatching(/^Pengingat batas tanggapan ke petugas instansi \(Budi Santoso\), sebelum batas waktu\.$/),
      expect.stringMatching(/^Eskalasi batas tanggapan ke kepala instansi \(Ir\. Hendra Wijaya\), terlambat \d+ hari kerja\.$/),
      expect.stringMatching(/^Eskalasi batas tanggapan ke pimpinan \(Bupati\), terlambat \d+ hari kerja\.$/),
      expect.stringMatching(/^Pengingat batas penyelesaian ke petugas instansi/),
      expect.stringMatching(/^Eskalasi batas penyelesaian ke kepala instansi/),
      expect.stringMatching(/^Eskalasi batas penyelesaian ke pimpinan/),
    ]);
    const records = (await directus<{ data: { key: string; status: string }[] }>(
      `/items/reminders?filter[complaint][_in]=${a.id},${b.id}&fields=key,status&sort=key&limit=-1`,
    )).body.data;
    expect(records.map((r) => r.key).sort()).toEqual(expected.map((e) => `${e.ticket === a.ticket ? a.id : b.id}:${e.stage}:${e.level}`).sort());
    expect(new Set(records.map((r) => r.status))).toEqual(new Set(['sent']));

    // The scan keeps the overdue flag and working days late for views and the dashboard.
    expect(await read(b.id)).toMatchObject({ overdue: true });
    expect((await read(b.id)).days_late).toBeGreaterThanOrEqual(10);
    const overdueView = await directus<{ data: { id: number }[] }>(`/items/complaints?filter[overdue][_eq]=true&filter[id][_in]=${a.id},${b.id}&fields=id`);
    expect(overdueView.body.data.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('quiet hours: a deadline passing on Friday night reaches nobody until Monday 07:00', async () => {
    // Uses the clock helpers on a real report: its verify_due is moved to a Friday by the admin (a backfill).
    const c = await newReport('Lampu penerangan jalan padam di sepanjang jalan utama desa sejak seminggu.');
    const friday = '2026-12-04T16:59:59.999Z'; // end of Friday 4 Dec 2026 WIB
    expect((await patch(c.id, env('KANAL_DIRECTUS_TOKEN'), { verify_due: friday })).status).toBe(200);
    // Mark the pre-deadline level as done so only the overdue level is in play.
    await directus('/items/reminders', { method: 'POST', body: JSON.stringify({ key: `${c.id}:verify:verifikator-1`, complaint: c.id, stage: 'verify', level: 'verifikator-1', status: 'sent' }) });
    let since = await lastSeq();
    for (const at of ['2026-12-04T17:30:00Z', '2026-12-05T03:00:00Z', '2026-12-06T10:00:00Z', '2026-12-06T23:30:00Z']) await scanAt(new Date(at));
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket])).toEqual([]);
    since = await lastSeq();
    await scanAt(new Date('2026-12-07T00:00:00Z')); // Monday 07:00 WIB
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket])).toHaveLength(1);
  });

  it('auto-close: a resolved report the citizen never answers is closed with no_response, through the hook', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const officer = await loginAs('opd.pupr@example.com');
    const d = await newReport('Tiang listrik miring di depan pasar dan membahayakan pejalan kaki.');
    expect((await patch(d.id, verifikator, { status: 'verified' })).status).toBe(200);
    expect((await patch(d.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' })).status).toBe(200);
    expect((await patch(d.id, officer, { status: 'in_progress' })).status).toBe(200);
    const resolved = await patch(d.id, officer, { status: 'resolved', status_note: 'Tiang sudah ditegakkan kembali.' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const due = (await read(d.id)).autoclose_due!;
    expect(due).toBeTruthy();

    await scanAt(new Date(new Date(due).getTime() - 3_600_000));
    expect(await read(d.id)).toMatchObject({ status: 'resolved' });
    // Two scans at once both find it silent: one closes it, the other lets it be (neither fails).
    const closeAt = new Date(new Date(due).getTime() + 60_000);
    await Promise.all([scanAt(closeAt), scanAt(closeAt)]);
    expect(await read(d.id)).toMatchObject({ status: 'closed', status_reason: 'no_response' });
    const history = (await directus<{ data: { status_to: string }[] }>(
      `/items/complaint_updates?filter[complaint][_eq]=${d.id}&filter[kind][_eq]=status_change&sort=id&fields=status_to`,
    )).body.data.map((u) => u.status_to);
    expect(history.slice(-2)).toEqual(['resolved', 'closed']);
  });

  it('retry: a digest WhatsApp refused, and a claim n8n never sent, go out once on a later scan', async () => {
    const holidays = (await directus<{ data: { date: string }[] }>('/items/holidays?fields=date&limit=-1')).body.data;
    const cal = makeCalendar('Asia/Jakarta', holidays);
    // Both reports' verification falls due at the end of a working day in January 2027, after every other test's clock.
    const due = addWorkingDays(new Date('2027-01-10T12:00:00+07:00'), 3, cal);
    const flushAt = new Date(due.getTime() - 7 * 3_600_000); // ~17:00 the same working day, deadline not yet passed
    const failAt = nextSendTime(new Date(due.getTime() + 1), cal); // the next working morning: the overdue level
    const c = await newReport('Jembatan gantung di dusun tiga putus sebelah, warga menyeberang dengan rakit.');
    const e = await newReport('Drainase di pasar kalangan meluap dan airnya masuk ke kios pedagang.');
    for (const r of [c, e]) expect((await patch(r.id, env('KANAL_DIRECTUS_TOKEN'), { verify_due: due.toISOString() })).status).toBe(200);
    const reminder = async (key: string) =>
      (await directus<{ data: { status: string; attempts: number; last_error: unknown } }>(`/items/reminders/${encodeURIComponent(key)}?fields=status,attempts,last_error`)).body.data;
    const row = (id: number, level: string, extra: Record<string, unknown>) =>
      directus('/items/reminders', { method: 'POST', body: JSON.stringify({ key: `${id}:verify:${level}`, complaint: id, stage: 'verify', level, ...extra }) });
    // c's pre-deadline level was delivered; e's was claimed an hour ago by a run that died before sending.
    expect((await row(c.id, 'verifikator-1', { status: 'sent', attempts: 1 })).status).toBe(200);
    expect((await row(e.id, 'verifikator-1', { status: 'claimed', attempts: 1, claimed_at: new Date(flushAt.getTime() - 3_600_000).toISOString() })).status).toBe(200);

    // The abandoned claim is taken over, once, by the next scan (two of them run at once).
    let since = await lastSeq();
    await Promise.all([scanAt(flushAt), scanAt(flushAt)]);
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket, e.ticket])).toEqual([expect.stringContaining(e.ticket)]);
    expect(await reminder(`${e.id}:verify:verifikator-1`)).toMatchObject({ status: 'sent', attempts: 2 });

    // The deadline passes; WhatsApp answers 500 to every try of the next send (the node tries 4 times).
    await sim('/sim/faults', { status: 500, count: 4 });
    since = await lastSeq();
    await scanAt(failAt);
    expect((await sim<{ faults: unknown[] }>('/sim/faults')).faults, 'the digest met the armed faults').toEqual([]);
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket, e.ticket])).toEqual([]);
    for (const r of [c, e]) {
      const failed = await reminder(`${r.id}:verify:verifikator+0`);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(JSON.stringify(failed.last_error)).toContain('+6281100000001');
    }

    // Five minutes later the claim is still too young to retry: nothing is sent twice in a burst.
    since = await lastSeq();
    await scanAt(new Date(failAt.getTime() + 5 * 60_000));
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket, e.ticket])).toEqual([]);

    // Twenty minutes later two scans at once: exactly one digest lists both reports.
    since = await lastSeq();
    const retryAt = new Date(failAt.getTime() + 20 * 60_000);
    await Promise.all([scanAt(retryAt), scanAt(retryAt)]);
    const lines = await linesAbout(PHONES.verifikator, since, [c.ticket, e.ticket]);
    expect(lines.map((l) => l.split(' ')[1]).sort()).toEqual([c.ticket, e.ticket].sort());
    for (const r of [c, e]) expect(await reminder(`${r.id}:verify:verifikator+0`)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

    // Nothing more later, and the history tells each level once.
    since = await lastSeq();
    await scanAt(new Date(failAt.getTime() + 3_600_000));
    expect(await linesAbout(PHONES.verifikator, since, [c.ticket, e.ticket])).toEqual([]);
    const history = (await directus<{ data: { body: string }[] }>(
      `/items/complaint_updates?filter[complaint][_eq]=${c.id}&filter[kind][_eq]=reminder&sort=id&fields=body&limit=-1`,
    )).body.data.map((u) => u.body);
    expect(history).toEqual([expect.stringMatching(/^Pengingat batas verifikasi ke verifikator .*terlambat 1 hari kerja\.$/)]);
  });

  it('a digest too long for one WhatsApp message goes out in parts, each report listed once', async () => {
    const holidays = (await directus<{ data: { date: string }[] }>('/items/holidays?fields=date&limit=-1')).body.data;
    const cal = makeCalendar('Asia/Jakarta', holidays);
    // Verification falls due in February 2027, after every other test's clock.
    const due = addWorkingDays(new Date('2027-02-08T12:00:00+07:00'), 3, cal);
    const at = nextSendTime(new Date(due.getTime() + 1), cal);
    const reports = [];
    for (const text of [
      'Saluran air di gang mawar tersumbat sampah sehingga meluap ke rumah warga.',
      'Lampu jalan di simpang empat pasar mati sudah dua minggu, rawan kecelakaan.',
      'Jalan menuju sekolah dasar berlubang besar dan tergenang saat hujan turun.',
    ]) {
      const r = await newReport(text);
      expect((await patch(r.id, env('KANAL_DIRECTUS_TOKEN'), { verify_due: due.toISOString() })).status).toBe(200);
      reports.push(r);
    }
    const tickets = reports.map((r) => r.ticket);
    // The admin's digest text gives each report a long line: three no longer fit in 4,096 characters.
    type Tpl = { id: string; body: string };
    const tpl = (await directus<{ data: Tpl[] }>('/items/message_templates?filter[key][_eq]=reminder.verifikator_digest&filter[locale][_eq]=id&fields=id,body')).body.data[0]!;
    const long = `Yth. {{name}}, {{count}} laporan:\n{{#each items}}• {{ticket}} ${'catatan '.repeat(200)}\n{{/each}}`;
    expect((await directus(`/items/message_templates/${tpl.id}`, { method: 'PATCH', body: JSON.stringify({ body: long }) })).status).toBe(200);
    try {
      const since = await lastSeq();
      await scanAt(at);
      const { messages } = await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${PHONES.verifikator}&since=${since}&direction=out`);
      const texts = messages.map(textOf);
      expect(texts.length).toBeGreaterThan(1);
      texts.forEach((t, i) => {
        expect(t.length).toBeLessThanOrEqual(4096);
        expect(t.startsWith(`(${i + 1}/${texts.length}) Yth. `), t.slice(0, 40)).toBe(true);
      });
      const listed = texts.flatMap((t) => t.split('\n')).filter((l) => tickets.some((k) => l.startsWith(`• ${k} `))).map((l) => l.split(' ')[1]);
      expect(listed.sort()).toEqual([...tickets].sort());
      for (const r of reports) {
        const rec = (await directus<{ data: { status: string } }>(`/items/reminders/${encodeURIComponent(`${r.id}:verify:verifikator+0`)}?fields=status`)).body.data;
        expect(rec.status).toBe('sent');
      }
    } finally {
      await directus(`/items/message_templates/${tpl.id}`, { method: 'PATCH', body: JSON.stringify({ body: tpl.body }) });
    }
  });
});
