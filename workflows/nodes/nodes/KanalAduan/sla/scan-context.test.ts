import { escalationPolicies, levelPastMark, makeCalendar, markGroups, STAGE_RULES, type MarkedItem } from '@kanal-aduan/core';
import { ROLE_IDS as SCHEMA_ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { ROLE_IDS } from '../../../shared/roles.ts';
import { overdueChanges } from '../operations/sla-maintain.ts';
import { buildDirectory, categoryPolicies, clockSignature, markFilters, resolveNow, retryFilter, stageFilters } from './scan-context.ts';

describe('SLA scan adapters', () => {
  it('role ids match the schema', () => {
    expect(ROLE_IDS).toEqual(SCHEMA_ROLE_IDS);
  });

  it('builds the directory: officers, head (agencies.head or the Camat), verifikator, pimpinan', () => {
    const u = (id: string, role: keyof typeof ROLE_IDS, agency: string | null, wa: string | null = '+628110000000') =>
      ({ id, first_name: id, last_name: null, role: ROLE_IDS[role], agency, wa_phone: wa });
    const dir = buildDirectory(
      [u('rina', 'verifikator', 'DISKOMINFO'), u('budi', 'opd_officer', 'DPUPR'), u('hendra', 'opd_head', 'DPUPR'), u('camat', 'camat', 'KEC-1'), u('bupati', 'pimpinan', null)],
      [
        { code: 'DPUPR', name: 'Dinas PUPR', short_name: 'PUPR', head: 'hendra' },
        { code: 'KEC-1', name: 'Kecamatan Satu', short_name: null, head: null },
      ],
    );
    expect(dir.verifikator.map((p) => p.id)).toEqual(['rina']);
    expect(dir.pimpinan.map((p) => p.id)).toEqual(['bupati']);
    expect(dir.agencies['DPUPR']).toMatchObject({ name: 'PUPR', officers: [{ id: 'budi' }], head: { id: 'hendra' } });
    expect(dir.agencies['KEC-1']).toMatchObject({ name: 'Kecamatan Satu', officers: [], head: { id: 'camat' } });
  });

  it('moves the clock only with a valid signature', () => {
    const real = new Date('2026-11-25T00:00:00Z');
    expect(resolveNow('', '', 's3cret', real)).toBe(real);
    const now = '2026-12-01T01:00:00.000Z';
    expect(resolveNow(now, clockSignature(now, 's3cret'), 's3cret').toISOString()).toBe(now);
    expect(() => resolveNow(now, clockSignature(now, 'other'), 's3cret')).toThrow(/tanda tangan/);
    expect(() => resolveNow(now, '', undefined)).toThrow(/tanda tangan/);
  });

  it('each stage query is one status (so its partial index answers it) plus a due-date range', () => {
    const h = new Date('2026-11-26T16:59:59.999Z');
    expect(stageFilters('respond', h)).toEqual([
      { _and: [{ status: { _eq: 'dispositioned' } }, { respond_due: { _lte: h.toISOString() } }, { first_response_at: { _null: true } }] },
    ]);
    expect(stageFilters('resolve', h)).toEqual(
      STAGE_RULES.resolve.statuses.map((status) => ({ _and: [{ status: { _eq: status } }, { resolve_due: { _lte: h.toISOString() } }] })),
    );
  });

  it('the scan reads a stage past its mark: per status, the unmarked up to the latest cutoff and the marked per level, per policy group', () => {
    const cal = makeCalendar('Asia/Jakarta', []);
    const now = new Date('2026-12-02T02:00:00Z'); // Wednesday 09:00 WIB
    const policies = escalationPolicies(
      [{ stage: 'respond', after_days: -1, notify: 'agency_officers' }, { stage: 'respond', after_days: 0, notify: 'agency_head' }],
      { BENCANA: [{ stage: 'respond', after_days: 0, notify: 'pimpinan' }] },
    );
    const endWed = '2026-12-02T16:59:59.999Z'; // the -1 step of a report due Thursday fires tonight: due up to Wednesday has it
    const wed = now.toISOString();
    const kilat = { category: { _in: ['BENCANA'] } };
    const sp4n = { _or: [{ category: { _null: true } }, { category: { _nin: ['BENCANA'] } }] };
    const head = [{ status: { _eq: 'dispositioned' } }, { first_response_at: { _null: true } }];
    const arm = (category: object, days: number, due: string) => ({ _and: [category, { reminder_mark_respond: { _lt: days } }, { respond_due: { _lte: due } }] });
    expect(markFilters('respond', markGroups(policies, 'respond', now, cal))).toEqual([
      // Nothing recorded yet: any level of its policy fired (the first level's cutoff is the latest).
      {
        _and: [
          ...head,
          { reminder_mark_respond: { _null: true } },
          { respond_due: { _lte: endWed } },
          { _or: [{ _and: [sp4n, { respond_due: { _lte: endWed } }] }, { _and: [kilat, { respond_due: { _lte: wed } }] }] },
        ],
      },
      // Marked: one arm per group and level, the mark below the level and its step fired.
      { _and: [...head, { reminder_mark_respond: { _null: false } }, { _or: [arm(sp4n, -1, endWed), arm(sp4n, 0, wed), arm(kilat, 0, wed)] }] },
    ]);
    // No policy has a verify step: no verify query at all.
    expect(markFilters('verify', markGroups(policies, 'verify', now, cal))).toEqual([]);
  });

  it("the two queries per status select exactly core's levelPastMark, as Directus applies them (a null never matches _lt or _lte)", () => {
    const cal = makeCalendar('Asia/Jakarta', []);
    const now = new Date('2026-12-02T02:00:00Z');
    const policies = escalationPolicies(
      [{ stage: 'resolve', after_days: -1, notify: 'agency_officers' }, { stage: 'resolve', after_days: 0, notify: 'agency_head' }, { stage: 'resolve', after_days: 2, notify: 'pimpinan' }],
      { BENCANA: [{ stage: 'resolve', after_days: 0, notify: 'pimpinan' }], JALAN: [{ stage: 'resolve', after_days: 1, notify: 'agency_head' }, { stage: 'resolve', after_days: 3, notify: 'pimpinan' }] },
    );
    const groups = markGroups(policies, 'resolve', now, cal);
    const filters = markFilters('resolve', groups) as Record<string, unknown>[];
    type Row = Record<string, unknown>;
    const matches = (row: Row, f: Record<string, unknown>): boolean =>
      Object.entries(f).every(([k, v]) => {
        if (k === '_and') return (v as Record<string, unknown>[]).every((x) => matches(row, x));
        if (k === '_or') return (v as Record<string, unknown>[]).some((x) => matches(row, x));
        const x = row[k];
        return Object.entries(v as Record<string, unknown>).every(([op, want]) => {
          if (op === '_null') return (x == null) === want;
          if (x == null) return false;
          if (op === '_eq') return x === want;
          if (op === '_in') return (want as unknown[]).includes(x);
          if (op === '_nin') return !(want as unknown[]).includes(x);
          if (op === '_lt') return (x as number) < (want as number);
          if (op === '_lte') return Date.parse(String(x)) <= Date.parse(String(want));
          throw new Error(op);
        });
      });
    let selected = 0;
    for (let i = 0; i < 600; i++) {
      const row: MarkedItem = {
        id: i,
        status: (['in_progress', 'dispositioned', 'received'] as const)[i % 3]!,
        category: [null, 'BENCANA', 'JALAN', 'SAMPAH'][i % 4]!,
        first_response_at: null,
        verify_due: null,
        respond_due: null,
        resolve_due: i % 17 === 0 ? null : new Date(now.getTime() + ((i % 23) - 14) * 86_400_000 + (i % 5) * 3_600_000).toISOString(),
        reminder_mark_resolve: [null, -1, 0, 1, 2, 3][Math.floor(i / 4) % 6]!,
      };
      const want = levelPastMark(row, 'resolve', groups);
      const got = filters.filter((f) => matches(row as Row, f));
      expect(got.length, `report ${i}`).toBe(want ? 1 : 0);
      if (want) selected++;
    }
    expect(selected).toBeGreaterThan(50);
  });

  it('retryable reminder rows: unsent, under the attempt limit, older than the delay, on an open report', () => {
    const now = new Date('2026-12-02T02:00:00Z');
    expect(retryFilter(now, { stale_minutes: 15, max_attempts: 5 })).toEqual({
      _and: [
        { status: { _in: ['claimed', 'failed'] } },
        { _or: [{ attempts: { _null: true } }, { attempts: { _lt: 5 } }] },
        { _or: [{ claimed_at: { _null: true } }, { claimed_at: { _lte: '2026-12-02T01:45:00.000Z' } }] },
        { complaint: { status: { _in: ['received', 'dispositioned', 'in_progress'] } } },
      ],
    });
  });

  it('overdue flags: only changed rows, grouped by value, cleared when the report moved on', () => {
    const cal = makeCalendar('Asia/Jakarta', []);
    const now = new Date('2026-12-02T03:00:00Z'); // Wednesday 10:00 WIB
    const base = { ticket: 't', assigned_agency: null, respond_due: null, resolve_due: null, first_response_at: null };
    const changes = overdueChanges(
      [
        { ...base, id: 1, status: 'received', verify_due: '2026-11-27T16:59:59.999Z', overdue: false, days_late: 0 },
        { ...base, id: 2, status: 'received', verify_due: '2026-11-27T16:59:59.999Z', overdue: true, days_late: 3, overdue_stage: 'verify' },
        { ...base, id: 3, status: 'verified', verify_due: '2026-11-27T16:59:59.999Z', overdue: true, days_late: 2 },
        { ...base, id: 4, status: 'received', verify_due: '2026-11-27T16:59:59.999Z', overdue: true, days_late: 2 },
      ],
      now,
      cal,
    );
    expect(changes).toEqual([
      { overdue: true, days_late: 3, overdue_stage: 'verify', keys: [1, 4] },
      { overdue: false, days_late: 0, overdue_stage: null, keys: [3] },
    ]);
    // Same flag and days, but the stage was never stamped (older rows): written once, then left alone.
    const stamped = { ...base, id: 5, status: 'received' as const, verify_due: '2026-11-27T16:59:59.999Z', overdue: true, days_late: 3 };
    expect(overdueChanges([stamped], now, cal)).toEqual([{ overdue: true, days_late: 3, overdue_stage: 'verify', keys: [5] }]);
    expect(overdueChanges([{ ...stamped, overdue_stage: 'verify' }], now, cal)).toEqual([]);
  });

  it('each category follows its own policy; no policy, an unknown code or an empty policy falls back to SP4N', () => {
    const sp4n = [{ stage: 'verify', after_days: -1, notify: 'verifikator' }];
    const kilat = [{ stage: 'verify', after_days: 0, notify: 'pimpinan' }];
    const byCode = new Map<string, unknown>([['SP4N', sp4n], ['KILAT', kilat], ['KOSONG', null]]);
    const p = categoryPolicies(byCode, 'SP4N', [
      { code: 'BENCANA', sla_policy: 'KILAT' },
      { code: 'JALAN', sla_policy: 'HILANG' },
      { code: 'SAMPAH', sla_policy: 'KOSONG' },
    ]);
    expect(p).toEqual({ fallback: sp4n, byCategory: { BENCANA: kilat } });
  });
});
