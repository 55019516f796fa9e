import { describe, expect, it } from 'vitest';
import { overdueState, makeCalendar, type ScanItem } from '@kanal-aduan/core';
import { OVERDUE_FILTER } from './overdue-filter.ts';
import { PRESETS } from './presets.ts';
import { PANELS } from './dashboards.ts';

// A tiny evaluator of the Directus filter operators the overdue filter uses.
type Row = Record<string, unknown>;
function matches(filter: Record<string, unknown>, row: Row, now: string): boolean {
  if ('_or' in filter) return (filter['_or'] as Record<string, unknown>[]).some((f) => matches(f, row, now));
  if ('_and' in filter) return (filter['_and'] as Record<string, unknown>[]).every((f) => matches(f, row, now));
  return Object.entries(filter).every(([field, cond]) =>
    Object.entries(cond as Record<string, unknown>).every(([op, v]) => {
      const value = row[field] ?? null;
      const arg = v === '$NOW' ? now : v;
      switch (op) {
        case '_eq': return value === arg;
        case '_in': return (arg as unknown[]).includes(value);
        case '_null': return (value === null) === arg;
        case '_lt': return value !== null && String(value) < String(arg);
        default: throw new Error(`operator ${op} not handled`);
      }
    }),
  );
}

const NOW = '2026-12-10T03:00:00.000Z';
const PAST = '2026-12-01T16:59:59.999Z';
const FUTURE = '2026-12-20T16:59:59.999Z';
const CAL = makeCalendar('Asia/Jakarta', []);

describe('OVERDUE_FILTER (built from core stage rules)', () => {
  const statuses = ['received', 'needs_info', 'verified', 'dispositioned', 'in_progress', 'resolved', 'closed', 'rejected'] as const;
  const cases: ScanItem[] = [];
  let id = 1;
  for (const status of statuses) {
    for (const verify_due of [PAST, FUTURE, null]) {
      for (const respond_due of [PAST, FUTURE, null]) {
        for (const resolve_due of [PAST, FUTURE, null]) {
          for (const first_response_at of [null, '2026-11-28T02:00:00.000Z']) {
            cases.push({ id: id++, ticket: `T${id}`, status, assigned_agency: null, verify_due, respond_due, resolve_due, first_response_at });
          }
        }
      }
    }
  }

  it('lists exactly the reports the SLA scan flags as overdue', () => {
    for (const item of cases) {
      const scan = overdueState(item, new Date(NOW), CAL).overdue;
      expect({ item, late: matches(OVERDUE_FILTER, item, NOW) }).toEqual({ item, late: scan });
    }
  });

  it('does not count a report waiting for the citizen, nor one back at the verifikator after a return', () => {
    expect(matches(OVERDUE_FILTER, { status: 'needs_info', verify_due: PAST }, NOW)).toBe(false);
    expect(matches(OVERDUE_FILTER, { status: 'verified', respond_due: PAST, resolve_due: PAST }, NOW)).toBe(false);
    expect(matches(OVERDUE_FILTER, { status: 'received', verify_due: PAST }, NOW)).toBe(true);
  });

  it('is the filter of every "Lewat batas waktu" bookmark', () => {
    const late = PRESETS.filter((p) => p.bookmark === 'Lewat batas waktu');
    expect(late.length).toBeGreaterThanOrEqual(4);
    for (const p of late) expect(p.filter).toBe(OVERDUE_FILTER);
  });

  it('dashboard counts flagged reports only in statuses where a deadline runs', () => {
    const panel = PANELS.find((p) => p.name === 'Lewat batas waktu');
    const filter = panel?.options['filter'] as Record<string, unknown>;
    expect(matches(filter, { status: 'needs_info', overdue: true }, NOW)).toBe(false);
    expect(matches(filter, { status: 'received', overdue: true }, NOW)).toBe(true);
  });
});
