// What the REST demo writer sets after a report's status walk: the generated
// timeline and the overdue flags, so the dashboard is right before the first SLA scan.
import { describe, expect, it } from 'vitest';
import { buildReferenceData } from '../reference.ts';
import { demoContextFromReference } from './context.ts';
import { generateComplaints } from './generate.ts';
import { timelinePatch } from './write-directus.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });
const now = new Date('2026-11-24T10:00:00+07:00'); // Tuesday 10:00 WIB
const ctx = demoContextFromReference(data, now);
const [sample] = generateComplaints(1, ctx, 3).complaints;

describe('timelinePatch', () => {
  it('flags a report still waiting for verification past its deadline, with the working days late', () => {
    const waiting = { ...sample!, status: 'received' as const, first_response_at: null, respond_due: null, resolve_due: null,
      verify_due: '2026-11-19T16:59:59.999Z' }; // end of Thursday 19 Nov WIB: late on Friday, Monday and today (core's clock)
    expect(timelinePatch(waiting, ctx, () => null)).toMatchObject({ overdue: true, days_late: 3, overdue_stage: 'verify', verify_due: waiting.verify_due });
  });

  it('leaves a report inside its deadlines unflagged, and maps duplicate_of to the Directus id', () => {
    const fresh = { ...sample!, status: 'received' as const, first_response_at: null, respond_due: null, resolve_due: null,
      verify_due: '2026-11-26T16:59:59.999Z', duplicate_of: 7 };
    expect(timelinePatch(fresh, ctx, (id) => (id === 7 ? 1007 : null))).toMatchObject({ overdue: false, days_late: 0, overdue_stage: null, duplicate_of: 1007 });
  });
});
