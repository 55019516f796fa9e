import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../sla-clock.ts';
import { claimOrReclaim, claimReminders, keepClaimed, reclaimable, settledKeys } from './claim.ts';
import { escalationPolicies, nextSendTime, overdueState, planReminders, scanHorizon, sendWindow, stepFiresAt, type PlanInput } from './plan.ts';
import type { Directory, Person, ReminderRecord, ScanItem } from './types.ts';
import { at, CAL, endOf, SP4N } from './test-fixtures.ts';

const p = (id: string, name: string, wa_phone: string | null = `+62812${id.padStart(7, '0')}`): Person => ({ id, name, wa_phone, locale: 'id' });
const RINA = p('1', 'Rina');
const BUDI = p('2', 'Budi');
const HENDRA = p('3', 'Hendra');
const BUPATI = p('5', 'Bupati');
const CAMAT = p('4', 'Camat Kayu Agung');
const DIR: Directory = {
  verifikator: [RINA],
  pimpinan: [BUPATI],
  agencies: {
    DPUPR: { name: 'Dinas PUPR', officers: [BUDI], head: HENDRA },
    'KEC-16.02.05': { name: 'Kecamatan Kayu Agung', officers: [], head: CAMAT },
    DINKES: { name: 'Dinas Kesehatan', officers: [p('9', 'Tanpa WA', null)], head: null },
  },
};

const item = (id: number, over: Partial<ScanItem>): ScanItem => ({
  id,
  ticket: `ADU-2611-${String(id).padStart(5, '0')}`,
  status: 'received',
  assigned_agency: null,
  verify_due: null,
  respond_due: null,
  resolve_due: null,
  first_response_at: null,
  ...over,
});

const plan = (items: ScanItem[], now: Date, alreadySent: string[] = []) =>
  planReminders({ items, escalation: SP4N, directory: DIR, calendar: CAL, now, alreadySent: new Set(alreadySent) } satisfies PlanInput);

const toldNow = (items: ScanItem[], now: Date, sent: string[] = []) => plan(items, now, sent).send.map((r) => [r.key, r.recipients.map((x) => x.name).join(',')]);

describe('planReminders: who is told when (WIB, SP4N steps)', () => {
  // Received Friday 20 Nov 2026 -> verify due end of Wednesday 25 Nov.
  const verify = item(1, { verify_due: endOf('2026-11-25') });
  // Dispositioned -> respond due end of Friday 27 Nov, resolve due end of Friday 4 Dec.
  const respond = item(2, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf('2026-11-27'), resolve_due: endOf('2026-12-04') });

  // [case, report, local now, levels recorded before, levels sent now]
  it.each<[string, ScanItem, string, string[], string[][]]>([
    ['verify: Tuesday, two days left: nobody', verify, '2026-11-24T10:00:00', [], []],
    ['verify: Wednesday morning, last day: verifikator', verify, '2026-11-25T07:00:00', [], [['1:verify:verifikator-1', 'Rina']]],
    ['verify: Wednesday evening, still not overdue: nothing new', verify, '2026-11-25T17:00:00', ['1:verify:verifikator-1'], []],
    ['verify: Thursday morning, overdue: verifikator again', verify, '2026-11-26T08:00:00', ['1:verify:verifikator-1'], [['1:verify:verifikator+0', 'Rina']]],
    ['respond: Thursday: still 1 day left, nobody', respond, '2026-11-26T10:00:00', [], []],
    ['respond: Friday, last day: DPUPR officer', respond, '2026-11-27T09:00:00', [], [['2:respond:agency_officers-1', 'Budi']]],
    ['respond: Monday after the weekend: head of DPUPR', respond, '2026-11-30T07:30:00', ['2:respond:agency_officers-1'], [['2:respond:agency_head+0', 'Hendra']]],
    ['respond: Tuesday, 2 working days late: not yet pimpinan', respond, '2026-12-01T15:00:00', ['2:respond:agency_officers-1', '2:respond:agency_head+0'], []],
    ['respond: Wednesday: pimpinan', respond, '2026-12-02T07:00:00', ['2:respond:agency_officers-1', '2:respond:agency_head+0'], [['2:respond:pimpinan+2', 'Bupati']]],
  ])('%s', (_name, report, now, sentBefore, expected) => {
    expect(toldNow([report], at(now), sentBefore)).toEqual(expected);
  });

  it('accepting the report ends the respond reminders; resolve keeps its own', () => {
    const accepted = { ...respond, status: 'in_progress' as const, first_response_at: '2026-11-27T03:00:00Z' };
    expect(toldNow([accepted], at('2026-12-02T08:00:00'))).toEqual([]);
    expect(toldNow([accepted], at('2026-12-07T08:00:00'))).toEqual([['2:resolve:agency_head+0', 'Hendra']]);
  });

  it('a report that left the stage (verified, closed) is not reminded', () => {
    expect(toldNow([{ ...verify, status: 'verified' }], at('2026-11-30T08:00:00'))).toEqual([]);
    expect(toldNow([{ ...respond, status: 'closed' }], at('2026-12-10T08:00:00'))).toEqual([]);
  });

  it('a level already recorded is never sent again', () => {
    expect(plan([verify], at('2026-11-25T09:00:00'), ['1:verify:verifikator-1']).send).toEqual([]);
  });

  it('when several levels for the same people are reached at once, only the latest goes out; the rest are recorded as superseded', () => {
    const r = plan([verify, respond], at('2026-12-02T09:00:00'));
    expect(r.send.map((x) => x.key)).toEqual([
      '1:verify:verifikator+0',
      '2:respond:agency_officers-1',
      '2:respond:agency_head+0',
      '2:respond:pimpinan+2',
    ]);
    expect(r.superseded.map((x) => x.key)).toEqual(['1:verify:verifikator-1']);
  });

  it('an earlier level left stale is not re-sent once a later one is held by another run (two scans at once)', () => {
    // The other run already claimed +0; this run reads -1 as a stale claim to retry.
    const r = plan([verify], at('2026-12-02T09:00:00'), ['1:verify:verifikator+0']);
    expect(r.send).toEqual([]);
    expect(r.superseded.map((x) => x.key)).toEqual(['1:verify:verifikator-1']);
  });
});

describe('quiet hours: no WhatsApp to officers at night, on weekends or holidays', () => {
  const verify = item(1, { verify_due: endOf('2026-11-25') });

  it('the deadline passes at midnight: queued for 07:00 the next working day', () => {
    const r = plan([verify], at('2026-11-26T00:05:00'), ['1:verify:verifikator-1']);
    expect(r.send).toEqual([]);
    expect(r.digests).toEqual([]);
    expect(r.deferred.map((d) => [d.reminder.key, d.send_at])).toEqual([['1:verify:verifikator+0', at('2026-11-26T07:00:00').toISOString()]]);
  });

  it('a deadline passing Friday midnight waits until Monday morning', () => {
    const friday = item(3, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf('2026-11-27') });
    const r = plan([friday], at('2026-11-28T00:30:00'), ['3:respond:agency_officers-1']);
    expect(r.deferred.map((d) => d.send_at)).toEqual([at('2026-11-30T07:00:00').toISOString()]);
    expect(plan([friday], at('2026-11-28T10:00:00')).send).toEqual([]); // Saturday
    expect(plan([friday], at('2026-11-30T07:00:00'), ['3:respond:agency_officers-1']).send.map((x) => x.key)).toEqual(['3:respond:agency_head+0']);
  });

  it('over Lebaran (18–24 March 2026) reminders wait for 25 March', () => {
    // Verify due end of Tuesday 17 March: the overdue reminder waits through cuti bersama.
    const lebaran = item(4, { verify_due: endOf('2026-03-17') });
    for (const day of ['2026-03-18', '2026-03-20', '2026-03-21', '2026-03-24']) {
      const r = plan([lebaran], at(`${day}T10:00:00`), ['4:verify:verifikator-1']);
      expect(r.send, day).toEqual([]);
      expect(r.deferred[0]?.send_at, day).toBe(at('2026-03-25T07:00:00').toISOString());
    }
    const r = plan([lebaran], at('2026-03-25T07:10:00'), ['4:verify:verifikator-1']);
    expect(r.send.map((x) => [x.key, x.days_late])).toEqual([['4:verify:verifikator+0', 1]]);
  });

  it('nextSendTime honours a custom window', () => {
    const w = { send_from: '08:00', send_until: '16:30', quiet_days_off: true };
    expect(nextSendTime(at('2026-11-25T06:00:00'), CAL, w)).toEqual(at('2026-11-25T08:00:00'));
    expect(nextSendTime(at('2026-11-25T16:29:00'), CAL, w)).toEqual(at('2026-11-25T16:29:00'));
    expect(nextSendTime(at('2026-11-25T16:30:00'), CAL, w)).toEqual(at('2026-11-26T08:00:00'));
    expect(nextSendTime(at('2026-12-24T17:00:00'), CAL, w)).toEqual(at('2026-12-28T08:00:00'));
  });

  it('an instance that lets reminders out on weekends and holidays still keeps the nights quiet', () => {
    const w = { send_from: '07:00', send_until: '18:00', quiet_days_off: false };
    expect(nextSendTime(at('2026-11-28T10:00:00'), CAL, w)).toEqual(at('2026-11-28T10:00:00')); // Saturday
    expect(nextSendTime(at('2026-12-24T19:00:00'), CAL, w)).toEqual(at('2026-12-25T07:00:00')); // Christmas morning
    const friday = item(3, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf('2026-11-27') });
    const r = planReminders({ items: [friday], escalation: SP4N, directory: DIR, calendar: CAL, now: at('2026-11-28T09:00:00'), alreadySent: new Set(['3:respond:agency_officers-1']), sendWindow: w });
    expect(r.send.map((x) => x.key)).toEqual(['3:respond:agency_head+0']);
  });

  it('sendWindow: settings first, node overrides win, bad values are a readable error', () => {
    expect(sendWindow(null)).toEqual({ send_from: '07:00', send_until: '18:00', quiet_days_off: true });
    expect(sendWindow({ reminder_send_from: '08:00:00', reminder_send_until: '16:00', reminder_quiet_days_off: false })).toEqual({
      send_from: '08:00', send_until: '16:00', quiet_days_off: false,
    });
    expect(sendWindow({ reminder_send_from: '08:00', reminder_send_until: '16:00' }, { send_from: '', send_until: '20:00' })).toEqual({
      send_from: '08:00', send_until: '20:00', quiet_days_off: true,
    });
    expect(() => sendWindow({ reminder_send_from: '7 pagi' })).toThrow(/JJ:MM/);
    expect(sendWindow(null, { send_from: '7', send_until: '16' })).toMatchObject({ send_from: '07:00', send_until: '16:00' });
    expect(() => sendWindow(null, { send_from: '25' })).toThrow(/JJ:MM/);
    expect(() => sendWindow({ reminder_send_from: '18:00', reminder_send_until: '07:00' })).toThrow(/lebih awal/);
  });
});

describe('digests: one WhatsApp per person', () => {
  const now = at('2026-11-30T09:00:00');
  const dpupr = (id: number, due: string) => item(id, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf(due) });

  it('an officer with three tickets gets one message listing them by due date', () => {
    const r = plan([dpupr(12, '2026-11-30'), dpupr(10, '2026-11-30'), dpupr(11, '2026-11-26')], now);
    const budi = r.digests.find((d) => d.person.name === 'Budi')!;
    const hendra = r.digests.find((d) => d.person.name === 'Hendra')!;
    expect(budi.entries.map((e) => e.ticket)).toEqual(['ADU-2611-00011', 'ADU-2611-00010', 'ADU-2611-00012']);
    expect(budi.audience).toBe('agency_officers');
    // Only the overdue one reaches the head.
    expect(hendra.entries.map((e) => [e.ticket, e.overdue, e.days_late])).toEqual([['ADU-2611-00011', true, 2]]);
    expect(r.digests).toHaveLength(2);
  });

  it('a Camat without officers gets officer and head entries in one message, as head, each ticket once', () => {
    const kec = (id: number, due: string) => item(id, { status: 'dispositioned', assigned_agency: 'KEC-16.02.05', respond_due: endOf(due) });
    const r = plan([kec(20, '2026-11-26'), kec(21, '2026-11-30')], now);
    expect(r.digests).toHaveLength(1);
    expect(r.digests[0]!.audience).toBe('agency_head');
    // Ticket 20 is both an officer reminder and a head escalation for the same person: listed once, as the escalation.
    expect(r.digests[0]!.entries.map((e) => [e.complaint, e.level])).toEqual([[20, 'agency_head+0'], [21, 'agency_officers-1']]);
  });

  it('nobody with a WhatsApp number: unreachable, not recorded, not in a digest', () => {
    const r = plan([item(30, { status: 'dispositioned', assigned_agency: 'DINKES', respond_due: endOf('2026-11-26') })], now);
    expect(r.unreachable.map((x) => x.key)).toEqual(['30:respond:agency_officers-1', '30:respond:agency_head+0']);
    expect(r.send.map((x) => x.key)).toEqual([]);
    expect(r.digests).toEqual([]);
  });
});

describe('once only under concurrent runs', () => {
  it('two runs that plan from the same snapshot send each ticket once (the unique insert decides)', async () => {
    const items = [1, 2, 3].map((id) => item(id, { verify_due: endOf('2026-11-25') }));
    const now = at('2026-11-25T09:00:00');
    const a = plan(items, now);
    const b = plan(items, now);
    const table = new Set<string>(); // stands in for the unique key of `reminders`
    const tryInsert = async (r: { key: string }) => {
      await new Promise((res) => setTimeout(res, Math.random() * 5));
      if (table.has(r.key)) return false;
      table.add(r.key);
      return true;
    };
    const [wonA, wonB] = await Promise.all([claimReminders(a.send, tryInsert), claimReminders(b.send, tryInsert)]);
    const sent = [...keepClaimed(a.digests, wonA), ...keepClaimed(b.digests, wonB)].flatMap((d) => d.entries.map((e) => e.key));
    expect(sent.sort()).toEqual(['1:verify:verifikator-1', '2:verify:verifikator-1', '3:verify:verifikator-1']);
    // The next run sees the records and plans nothing.
    expect(plan(items, now, [...table]).send).toEqual([]);
  });
});

describe('clock helpers', () => {
  it('stepFiresAt: -1 is the end of the previous working day, skipping the weekend', () => {
    expect(stepFiresAt(new Date(endOf('2026-11-30')), -1, CAL).toISOString()).toBe(endOf('2026-11-27'));
    expect(stepFiresAt(new Date(endOf('2026-03-25')), -1, CAL).toISOString()).toBe(endOf('2026-03-17'));
    expect(stepFiresAt(new Date(endOf('2026-11-27')), 2, CAL).toISOString()).toBe(endOf('2026-12-01'));
  });

  it('overdueState: the open stage decides, counted in working days', () => {
    const now = at('2026-12-02T10:00:00');
    expect(overdueState(item(1, { verify_due: endOf('2026-11-27') }), now, CAL)).toEqual({ overdue: true, days_late: 3, stage: 'verify' });
    expect(overdueState(item(1, { verify_due: endOf('2026-12-03') }), now, CAL)).toEqual({ overdue: false, days_late: 0, stage: null });
    expect(overdueState(item(1, { status: 'resolved', verify_due: endOf('2026-11-27') }), now, CAL)).toEqual({ overdue: false, days_late: 0, stage: null });
    const inProgress = item(1, { status: 'in_progress', first_response_at: 'x', respond_due: endOf('2026-11-20'), resolve_due: endOf('2026-12-01') });
    expect(overdueState(inProgress, now, CAL)).toEqual({ overdue: true, days_late: 1, stage: 'resolve' });
    // Not yet accepted, both deadlines past: the response is chased first (it is the later by more days).
    const notAccepted = item(1, { status: 'dispositioned', respond_due: endOf('2026-11-27'), resolve_due: endOf('2026-12-01') });
    expect(overdueState(notAccepted, now, CAL)).toEqual({ overdue: true, days_late: 3, stage: 'respond' });
  });

  it('scanHorizon: reads due dates up to the earliest step ahead', () => {
    const now = at('2026-11-27T10:00:00');
    expect(scanHorizon(SP4N, 'verify', now, CAL)).toEqual(addWorkingDays(now, 1, CAL));
    expect(scanHorizon(SP4N, 'resolve', now, CAL)).toEqual(now);
    expect(scanHorizon([{ stage: 'verify', after_days: 'x' }], 'verify', now, CAL)).toBeNull();
  });
});

describe('per-category policy: the report\'s category picks its escalation steps', () => {
  // Kilat (e.g. BENCANA): officers on the due day itself, pimpinan the moment the deadline passes.
  const KILAT = [
    { stage: 'respond', after_days: 0, notify: 'agency_officers' },
    { stage: 'respond', after_days: 0, notify: 'pimpinan' },
  ];
  const policies = escalationPolicies(SP4N, { BENCANA: KILAT, JALAN: SP4N, KOSONG: [], RUSAK: [{ stage: 'respond', after_days: 'x' }] });
  const respond = (id: number, category: string | null) =>
    item(id, { status: 'dispositioned', assigned_agency: 'DPUPR', category, respond_due: endOf('2026-11-27') });
  const run = (now: string) =>
    planReminders({ items: [respond(1, 'BENCANA'), respond(2, 'JALAN'), respond(3, null), respond(4, 'KOSONG'), respond(5, 'RUSAK'), respond(6, 'TANPA_KEBIJAKAN')], escalation: policies, directory: DIR, calendar: CAL, now: at(now), alreadySent: new Set() })
      .send.map((r) => r.key);

  it('on the last day only the SP4N reports warn the officer; the kilat one waits for its deadline', () => {
    expect(run('2026-11-27T09:00:00')).toEqual(['2:respond:agency_officers-1', '3:respond:agency_officers-1', '4:respond:agency_officers-1', '5:respond:agency_officers-1', '6:respond:agency_officers-1']);
  });

  it('once the deadline passed, the kilat report reaches pimpinan at once; SP4N reports reach the head and wait two days for pimpinan', () => {
    const keys = run('2026-11-30T08:00:00');
    expect(keys.filter((k) => k.startsWith('1:'))).toEqual(['1:respond:agency_officers+0', '1:respond:pimpinan+0']);
    for (const id of [2, 3, 4, 5, 6]) expect(keys.filter((k) => k.startsWith(`${id}:`)), `report ${id}`).toEqual([`${id}:respond:agency_officers-1`, `${id}:respond:agency_head+0`]);
  });

  it('an empty or broken policy falls back to the default steps instead of silencing its reports', () => {
    expect(Object.keys(policies.byCategory).sort()).toEqual(['BENCANA', 'JALAN']);
  });

  it('scanHorizon reads far enough for the earliest step of any policy', () => {
    const now = at('2026-11-27T10:00:00');
    const early = escalationPolicies([{ stage: 'resolve', after_days: 0, notify: 'agency_head' }], { X: [{ stage: 'resolve', after_days: -3, notify: 'agency_officers' }] });
    expect(scanHorizon(early, 'resolve', now, CAL)).toEqual(addWorkingDays(now, 3, CAL));
    expect(scanHorizon(early, 'verify', now, CAL)).toBeNull();
  });
});

describe('retry: a claim that was never delivered is claimed again, once', () => {
  const now = at('2026-11-25T09:00:00');
  const ago = (min: number) => new Date(now.getTime() - min * 60_000).toISOString();
  const rec = (key: string, status: ReminderRecord['status'], attempts: number, claimedMinutesAgo: number): ReminderRecord => ({ key, status, attempts, claimed_at: ago(claimedMinutesAgo) });
  const rows = [
    rec('1:verify:verifikator-1', 'claimed', 1, 20), // n8n died after claiming
    rec('2:verify:verifikator-1', 'failed', 2, 16), // WhatsApp said 500
    rec('3:verify:verifikator-1', 'claimed', 1, 3), // a run may still be sending it
    rec('4:verify:verifikator-1', 'failed', 5, 60), // gave up after 5 attempts: stays visible as failed
    rec('5:verify:verifikator-1', 'sent', 1, 60),
    rec('6:verify:verifikator-1', 'superseded', 1, 60),
  ];

  it('only stale unsent claims under the attempt limit are retried', () => {
    expect(reclaimable(rows, now).map((r) => r.key)).toEqual(['1:verify:verifikator-1', '2:verify:verifikator-1']);
    expect([...settledKeys(rows, now)].sort()).toEqual(['3:verify:verifikator-1', '4:verify:verifikator-1', '5:verify:verifikator-1', '6:verify:verifikator-1']);
    expect(reclaimable(rows, now, { stale_minutes: 30, max_attempts: 5 }).map((r) => r.key)).toEqual([]);
  });

  it('the planner sends a retried level again, and two concurrent runs deliver it once', async () => {
    const items = [1, 2, 3, 7].map((id) => item(id, { verify_due: endOf('2026-11-25') }));
    const a = plan(items, now, [...settledKeys(rows, now)]);
    const b = plan(items, now, [...settledKeys(rows, now)]);
    expect(a.send.map((r) => r.key)).toEqual(['1:verify:verifikator-1', '2:verify:verifikator-1', '7:verify:verifikator-1']);
    // The table: insert refuses an existing key; reclaim is a compare-and-set on attempts.
    const table = new Map(rows.map((r) => [r.key, { ...r }]));
    const pause = () => new Promise((res) => setTimeout(res, Math.random() * 5));
    const ports = {
      tryInsert: async (r: { key: string }) => {
        await pause();
        if (table.has(r.key)) return false;
        table.set(r.key, { key: r.key, status: 'claimed', attempts: 1, claimed_at: now.toISOString() });
        return true;
      },
      tryReclaim: async (claims: { key: string; attempts: number }[]) => {
        const won: string[] = [];
        for (const c of claims) {
          await pause();
          const row = table.get(c.key);
          if (row && row.status !== 'sent' && row.attempts === c.attempts) {
            row.attempts = c.attempts + 1;
            row.status = 'claimed';
            won.push(c.key);
          }
        }
        return won;
      },
    };
    const [wonA, wonB] = await Promise.all([claimOrReclaim(a.send, rows, ports), claimOrReclaim(b.send, rows, ports)]);
    const sent = [...keepClaimed(a.digests, wonA), ...keepClaimed(b.digests, wonB)].flatMap((d) => d.entries.map((e) => e.key));
    expect(sent.sort()).toEqual(['1:verify:verifikator-1', '2:verify:verifikator-1', '7:verify:verifikator-1']);
    expect(table.get('2:verify:verifikator-1')!.attempts).toBe(3);
  });
});
