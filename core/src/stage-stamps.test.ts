import { describe, expect, it } from 'vitest';
import { deadlinesStartedBy, stageStamps, type StampedReport } from './stage-stamps.ts';
import { stageOpen } from './stage-deadlines.ts';
import { TRANSITIONS } from './statuses.ts';

const now = new Date('2026-11-02T03:00:00.000Z');
const at = now.toISOString();
const d = (iso: string) => new Date(iso);
const report = (extra: Partial<StampedReport>): StampedReport => ({
  id: 1, ticket: 'ADU-2611-00001', status: 'received', assigned_agency: null, suggested_agency: null,
  verified_at: null, first_response_at: null, reopen_count: null, ...extra,
});

describe('deadlinesStartedBy', () => {
  it('names the clock each move starts, and none for the others', () => {
    const started = Object.fromEntries(TRANSITIONS.map((t) => [`${t.from}->${t.to}`, deadlinesStartedBy(t.from, t.to)]).filter(([, e]) => e));
    expect(started).toEqual({
      'needs_info->received': 'received',
      'verified->dispositioned': 'dispositioned',
      'in_progress->resolved': 'resolved',
    });
  });
});

describe('stageStamps', () => {
  it('disposition: the chosen agency, else the assigned one, else the suggestion; both clocks; an old return reason cleared', () => {
    const due = { respond_due: d('2026-11-09T16:59:59.999Z'), resolve_due: d('2026-11-20T16:59:59.999Z') };
    const base = report({ status: 'verified', suggested_agency: 'DPUPR' });
    expect(stageStamps(base, 'dispositioned', { now, due, reasonSent: false })).toEqual({
      assigned_agency: 'DPUPR', status_reason: null, dispositioned_at: at, respond_due: '2026-11-09T16:59:59.999Z', resolve_due: '2026-11-20T16:59:59.999Z',
    });
    expect(stageStamps(base, 'dispositioned', { now, due, requestedAgency: 'DINKES', reasonSent: true })).toEqual({
      dispositioned_at: at, respond_due: '2026-11-09T16:59:59.999Z', resolve_due: '2026-11-20T16:59:59.999Z',
    });
    expect(() => stageStamps(report({ status: 'verified' }), 'dispositioned', { now, due, reasonSent: false })).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.NO_AGENCY' }),
    );
  });

  it('a new disposition after a return clears the old first response, so the new agency\'s respond clock runs', () => {
    const due = { respond_due: d('2026-11-09T16:59:59.999Z'), resolve_due: d('2026-11-20T16:59:59.999Z') };
    // Returned from in_progress: the first agency had answered before it said "bukan wewenang".
    const returned = report({ status: 'verified', verified_at: '2026-10-20T01:00:00.000Z', first_response_at: '2026-10-30T01:00:00.000Z' });
    const patch = stageStamps(returned, 'dispositioned', { now, due, requestedAgency: 'DINKES', reasonSent: false });
    expect(patch).toMatchObject({ first_response_at: null, respond_due: '2026-11-09T16:59:59.999Z', dispositioned_at: at });
    const after = { ...returned, ...patch, status: 'dispositioned' as const };
    expect(stageOpen(after, 'respond')).toBe(true);
    // The new agency's answer stamps it again.
    expect(stageStamps(after, 'in_progress', { now, due: {}, reasonSent: false })).toEqual({ first_response_at: at });
  });

  it('a return lets go of the agency and keeps the first verification time', () => {
    const row = report({ status: 'in_progress', assigned_agency: 'DPUPR', verified_at: '2026-10-20T01:00:00.000Z' });
    expect(stageStamps(row, 'verified', { now, due: {}, reasonSent: true })).toEqual({ assigned_agency: null });
    expect(stageStamps(report({}), 'verified', { now, due: {}, reasonSent: false })).toEqual({ verified_at: at });
  });

  it('a reopen counts and stops the auto-close clock; the first response time stays', () => {
    const row = report({ status: 'resolved', reopen_count: 1, first_response_at: '2026-10-30T01:00:00.000Z' });
    expect(stageStamps(row, 'in_progress', { now, due: {}, reasonSent: false })).toEqual({ reopen_count: 2, autoclose_due: null });
    expect(stageStamps(report({ status: 'dispositioned' }), 'in_progress', { now, due: {}, reasonSent: false })).toEqual({ first_response_at: at });
  });

  it("the citizen's answer restarts the verify clock; asking the question stamps nothing", () => {
    const due = { verify_due: d('2026-11-05T16:59:59.999Z') };
    expect(stageStamps(report({ status: 'needs_info' }), 'received', { now, due, reasonSent: false })).toEqual({ verify_due: '2026-11-05T16:59:59.999Z' });
    expect(stageStamps(report({}), 'needs_info', { now, due: {}, reasonSent: false })).toEqual({});
  });
});
