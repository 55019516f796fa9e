import { describe, expect, it } from 'vitest';
import { claimBatches, keepClaimed, reclaimable, settledKeys } from './claim.ts';
import { levelPastMark, markGroups, reminderMarks, REMINDER_MARK_FIELD, stepCutoff, type ClaimBatch, type MarkedItem } from './index.ts';
import { escalationPolicies, planReminders, stepFiresAt } from './plan.ts';
import type { Directory, ReminderRecord, ReminderStage, ScanItem } from './types.ts';
import { at, CAL, endOf, SP4N } from './test-fixtures.ts';

const KILAT = [
  { stage: 'respond', after_days: 0, notify: 'agency_officers' },
  { stage: 'respond', after_days: 0, notify: 'pimpinan' },
];

const person = (id: string) => ({ id, name: id, wa_phone: `+62812000000${id.length}`, locale: 'id' as const });
const DIR: Directory = {
  verifikator: [person('rina')],
  pimpinan: [person('bupati')],
  agencies: { DPUPR: { name: 'Dinas PUPR', officers: [person('budi')], head: person('hendra') } },
};

type Row = ScanItem & MarkedItem;
const report = (id: number, over: Partial<Row>): Row => ({
  id, ticket: `ADU-2611-${String(id).padStart(5, '0')}`, status: 'received', assigned_agency: null, category: null,
  verify_due: null, respond_due: null, resolve_due: null, first_response_at: null, ...over,
});

describe('stepCutoff: the due dates whose step has fired, exactly', () => {
  // Every hour from 1 March to 15 April 2026 (Lebaran off days inside) against a few moments.
  const dues: Date[] = [];
  for (let t = at('2026-03-01T00:30:00').getTime(); t < at('2026-04-15T00:00:00').getTime(); t += 3_600_000) dues.push(new Date(t));
  const nows = ['2026-03-17T10:00:00', '2026-03-21T09:00:00', '2026-03-25T06:59:00', '2026-03-25T23:59:59.999', '2026-04-06T00:00:00'].map(at);
  it.each([-3, -1, 0, 1, 2, 5])('after_days %i', (a) => {
    for (const now of nows) {
      const cutoff = stepCutoff(a, now, CAL);
      const wrong = dues.filter((d) => (stepFiresAt(d, a, CAL) <= now) !== (d <= cutoff));
      expect(wrong.map((d) => d.toISOString()), `now ${now.toISOString()}`).toEqual([]);
    }
  });
});

describe('reminderMarks: how far a stage is recorded', () => {
  const r = report(7, { category: null });
  // [case, recorded levels, marks]
  it.each<[string, string[], Partial<Record<ReminderStage, number>>]>([
    ['nothing recorded', [], {}],
    ['the warning before the deadline', ['verify:verifikator-1'], { verify: -1 }],
    ['both verify levels', ['verify:verifikator-1', 'verify:verifikator+0'], { verify: 0 }],
    ['officers and head, pimpinan not yet', ['respond:agency_officers-1', 'respond:agency_head+0'], { respond: 0 }],
    ['a later level without the first (officers could not be reached): no mark, the report stays in the scan', ['respond:agency_head+0'], {}],
    ['every level of every stage', SP4N.map((s) => `${s.stage}:${s.notify}${s.after_days >= 0 ? '+' : ''}${s.after_days}`), { verify: 0, respond: 2, resolve: 0 }],
  ])('%s', (_case, levels, marks) => {
    expect(reminderMarks(r, SP4N, new Set(levels.map((l) => `7:${l}`)))).toEqual(marks);
  });

  it('two audiences on the same day count only together (kilat: officers and pimpinan at +0)', () => {
    const policies = escalationPolicies(SP4N, { BENCANA: KILAT });
    const flood = report(8, { category: 'BENCANA' });
    expect(reminderMarks(flood, policies, new Set(['8:respond:agency_officers+0']))).toEqual({});
    expect(reminderMarks(flood, policies, new Set(['8:respond:agency_officers+0', '8:respond:pimpinan+0']))).toEqual({ respond: 0 });
  });
});

describe('the scan query: only reports with a level past their mark', () => {
  const now = at('2026-12-02T09:00:00'); // Wednesday
  const policies = escalationPolicies(SP4N, { BENCANA: KILAT, JALAN: SP4N });
  const groups = markGroups(policies, 'respond', now, CAL);

  it('groups by the days a policy uses: categories on the default days share its group', () => {
    expect(groups.map((g) => [g.categories, g.except, g.levels.map((l) => l.after_days)])).toEqual([
      [null, ['BENCANA'], [-1, 0, 2]],
      [['BENCANA'], [], [0]],
    ]);
    expect(markGroups(policies, 'verify', now, CAL).map((g) => [g.categories, g.except])).toEqual([[null, ['BENCANA']]]);
  });

  const disp = (id: number, due: string, over: Partial<Row> = {}) =>
    report(id, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf(due), ...over });
  // [case, report, selected]
  it.each<[string, Row, boolean]>([
    ['due Friday, nothing recorded: officers, head, pimpinan all fired', disp(1, '2026-11-27'), true],
    ['due Friday, head recorded (mark 0): pimpinan (+2) fired Tuesday night', disp(2, '2026-11-27', { reminder_mark_respond: 0 }), true],
    ['due Friday, everything recorded (mark 2)', disp(3, '2026-11-27', { reminder_mark_respond: 2 }), false],
    ['due Monday, head recorded: pimpinan waits until Wednesday night', disp(4, '2026-11-30', { reminder_mark_respond: 0 }), false],
    ['due today, officers warned (mark -1): nothing new until the deadline passes tonight', disp(5, '2026-12-02', { reminder_mark_respond: -1 }), false],
    ['due today, nothing recorded: the warning of the last day', disp(6, '2026-12-02'), true],
    ['due tomorrow: the warning fires tonight', disp(11, '2026-12-03'), false],
    ['accepted: the respond stage is over', disp(7, '2026-11-27', { status: 'in_progress', first_response_at: '2026-11-26T01:00:00Z' }), false],
    ['kilat, both +0 recorded (mark 0): its policy has nothing later', disp(8, '2026-11-27', { category: 'BENCANA', reminder_mark_respond: 0 }), false],
    ['kilat due tomorrow: no warning step in its policy', disp(9, '2026-12-03', { category: 'BENCANA' }), false],
    ['a SP4N category, mark 0, past +2', disp(10, '2026-11-27', { category: 'JALAN', reminder_mark_respond: 0 }), true],
  ])('%s', (_case, item, selected) => {
    expect(levelPastMark(item, 'respond', groups)).toBe(selected);
  });

  it('selects exactly the reports the planner has something new for', () => {
    const items: Row[] = [];
    for (let i = 0; i < 40; i++) {
      const due = endOf(`2026-11-${String(16 + (i % 14)).padStart(2, '0')}`);
      items.push(disp(100 + i, '2026-11-16', { respond_due: due, category: i % 3 === 0 ? 'BENCANA' : null, reminder_mark_respond: [null, -1, 0, 2][i % 4] }));
    }
    for (const item of items) {
      const recorded = new Set(
        (item.category === 'BENCANA' ? KILAT : SP4N)
          .filter((s) => s.stage === 'respond' && item.reminder_mark_respond != null && s.after_days <= item.reminder_mark_respond)
          .map((s) => `${item.id}:respond:${s.notify}${s.after_days >= 0 ? '+' : ''}${s.after_days}`),
      );
      const planned = planReminders({ items: [item], escalation: policies, directory: DIR, calendar: CAL, now, alreadySent: recorded });
      const hasNew = planned.send.length + planned.superseded.length > 0;
      expect(levelPastMark(item, 'respond', groups), `${item.id} due ${item.respond_due} mark ${item.reminder_mark_respond}`).toBe(hasNew);
    }
  });
});

describe('once only with marks, under concurrent scans', () => {
  /** Stands in for the claim endpoint: per report one transaction, inserts refused on a taken key, marks only raised. */
  function database(reports: Row[]) {
    const rows = new Map<string, ReminderRecord & { complaint: number }>();
    const byId = new Map(reports.map((r) => [r.id, { ...r }]));
    const pause = () => new Promise((res) => setTimeout(res, Math.random() * 4));
    return {
      rows,
      reports: byId,
      async claim(batches: ClaimBatch[], now: Date): Promise<string[]> {
        const won: string[] = [];
        for (const b of batches) {
          await pause();
          for (const r of b.claims) {
            if (rows.has(r.key)) continue;
            rows.set(r.key, { key: r.key, complaint: r.complaint, status: 'claimed', attempts: 1, claimed_at: now.toISOString() });
            won.push(r.key);
          }
          for (const r of b.superseded) if (!rows.has(r.key)) rows.set(r.key, { key: r.key, complaint: r.complaint, status: 'superseded', attempts: 1 });
          const row = byId.get(b.complaint)!;
          for (const [stage, mark] of Object.entries(b.marks) as [ReminderStage, number][]) {
            const f = REMINDER_MARK_FIELD[stage];
            if (row[f] == null || row[f]! < mark) row[f] = mark;
          }
        }
        return won;
      },
      async reclaim(claims: { key: string; attempts: number }[], now: Date) {
        const won: string[] = [];
        for (const c of claims) {
          await pause();
          const row = rows.get(c.key);
          if (row && (row.status === 'claimed' || row.status === 'failed') && (row.attempts ?? 1) === c.attempts) {
            Object.assign(row, { attempts: c.attempts + 1, status: 'claimed', claimed_at: now.toISOString() });
            won.push(c.key);
          }
        }
        return won;
      },
    };
  }

  /** One pass as the node runs it: the mark query plus retryable rows, their records, plan, claim. */
  async function scan(db: ReturnType<typeof database>, now: Date, deliver = true): Promise<{ read: number; sent: string[] }> {
    const groups = (['verify', 'respond', 'resolve'] as const).map((s) => [s, markGroups(SP4N, s, now, CAL)] as const);
    const all = [...db.reports.values()].map((r) => ({ ...r }));
    const retry = new Set(reclaimable([...db.rows.values()], now).map((r) => r.complaint));
    const items = all.filter((r) => retry.has(r.id) || groups.some(([s, g]) => levelPastMark(r, s, g)));
    const ids = new Set(items.map((i) => i.id));
    const records = [...db.rows.values()].filter((r) => ids.has(r.complaint)).map((r) => ({ ...r }));
    const plan = planReminders({ items, escalation: SP4N, directory: DIR, calendar: CAL, now, alreadySent: settledKeys(records, now) });
    const { batches, retries, closeAsSuperseded } = claimBatches(plan, records, items, SP4N);
    const won = new Set([...(await db.claim(batches, now)), ...(await db.reclaim(retries, now))]);
    for (const key of closeAsSuperseded) db.rows.get(key)!.status = 'superseded';
    const sent = keepClaimed(plan.digests, won).flatMap((d) => d.entries.map((e) => e.key));
    // sla.record after WhatsApp accepted the digest.
    if (deliver) for (const key of sent) db.rows.get(key)!.status = 'sent';
    return { read: items.length, sent };
  }

  it('two scans at once send each level once; the next scan reads nothing until a new level fires', async () => {
    const reports = [1, 2, 3].map((id) => report(id, { verify_due: endOf('2026-11-25') }));
    reports.push(report(4, { status: 'dispositioned', assigned_agency: 'DPUPR', respond_due: endOf('2026-11-27') }));
    const db = database(reports);
    const wed = at('2026-11-25T09:00:00');
    const [a, b] = await Promise.all([scan(db, wed), scan(db, wed)]);
    expect([...a.sent, ...b.sent].sort()).toEqual(['1:verify:verifikator-1', '2:verify:verifikator-1', '3:verify:verifikator-1']);
    expect([1, 2, 3].map((id) => db.reports.get(id)!.reminder_mark_verify)).toEqual([-1, -1, -1]);
    expect(await scan(db, at('2026-11-25T09:05:00'))).toEqual({ read: 0, sent: [] });

    // Friday morning: verify is overdue (+0) for 1–3, the officer's warning (-1) for 4.
    const fri = at('2026-11-27T08:00:00');
    const [c, d] = await Promise.all([scan(db, fri), scan(db, fri)]);
    expect([...c.sent, ...d.sent].sort()).toEqual(['1:verify:verifikator+0', '2:verify:verifikator+0', '3:verify:verifikator+0', '4:respond:agency_officers-1']);
    expect(await scan(db, at('2026-11-27T08:05:00'))).toEqual({ read: 0, sent: [] });
  });

  it('a claim never delivered is found from its row although the mark hides the report, and retried once', async () => {
    const db = database([report(1, { verify_due: endOf('2026-11-25') })]);
    await scan(db, at('2026-11-25T09:00:00'), false);
    db.rows.get('1:verify:verifikator-1')!.status = 'failed'; // WhatsApp refused it
    expect(db.reports.get(1)!.reminder_mark_verify).toBe(-1);
    expect(await scan(db, at('2026-11-25T09:10:00'))).toEqual({ read: 0, sent: [] }); // not stale yet
    const later = at('2026-11-25T09:20:00');
    const [a, b] = await Promise.all([scan(db, later), scan(db, later)]);
    expect([...a.sent, ...b.sent]).toEqual(['1:verify:verifikator-1']);
    expect(db.rows.get('1:verify:verifikator-1')!.attempts).toBe(2);
  });

  it('a report whose mark was never written (rows from before the mark) is read and its mark set', async () => {
    const db = database([report(1, { verify_due: endOf('2026-11-25') })]);
    db.rows.set('1:verify:verifikator-1', { key: '1:verify:verifikator-1', complaint: 1, status: 'sent', attempts: 1 });
    expect(await scan(db, at('2026-11-25T10:00:00'))).toEqual({ read: 1, sent: [] });
    expect(db.reports.get(1)!.reminder_mark_verify).toBe(-1);
    expect((await scan(db, at('2026-11-25T10:05:00'))).read).toBe(0);
  });
});
