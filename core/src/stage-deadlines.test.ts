import { describe, expect, it } from 'vitest';
import { STATUSES, TRANSITIONS, type Status } from './statuses.ts';
import { citizenDeadline, DEADLINE_STATUSES, openStages, restartsVerifyClock, STAGE_RULES, stageOpen } from './stage-deadlines.ts';

const dues = { verify_due: '2026-11-25T16:59:59.999Z', respond_due: '2026-12-02T16:59:59.999Z', resolve_due: '2026-12-16T16:59:59.999Z' };
const at = (status: Status, extra: Record<string, unknown> = {}) => ({ status, first_response_at: null, ...dues, ...extra });

describe('stage deadlines (SP4N-LAPOR clock on the status machine)', () => {
  it('runs each clock only in its statuses', () => {
    const table = Object.fromEntries(STATUSES.map((s) => [s, openStages(at(s))]));
    expect(table).toEqual({
      received: ['verify'],
      // Waiting for the citizen: the verifikator's clock stops.
      needs_info: [],
      // Waiting for disposition (also after a return): no agency's clock.
      verified: [],
      dispositioned: ['respond', 'resolve'],
      in_progress: ['resolve'],
      resolved: [],
      closed: [],
      rejected: [],
    });
    expect([...DEADLINE_STATUSES].sort()).toEqual(['dispositioned', 'in_progress', 'received']);
  });

  it("ends the respond stage at the agency's first response", () => {
    expect(stageOpen(at('dispositioned'), 'respond')).toBe(true);
    expect(stageOpen(at('dispositioned', { first_response_at: '2026-11-30T02:00:00Z' }), 'respond')).toBe(false);
    expect(stageOpen(at('dispositioned', { first_response_at: '2026-11-30T02:00:00Z' }), 'resolve')).toBe(true);
  });

  it('tells the citizen the deadline of the first running stage, none while nobody on our side owes an answer', () => {
    expect(citizenDeadline(at('received'))).toBe(dues.verify_due);
    expect(citizenDeadline(at('needs_info'))).toBeNull();
    // Returned by an agency: its old respond date is not what the citizen waits on.
    expect(citizenDeadline(at('verified'))).toBeNull();
    expect(citizenDeadline(at('dispositioned'))).toBe(dues.respond_due);
    expect(citizenDeadline(at('in_progress'))).toBe(dues.resolve_due);
    expect(citizenDeadline(at('resolved'))).toBeNull();
    // A stage without a date gives way to the next one that has one.
    expect(citizenDeadline(at('dispositioned', { respond_due: null }))).toBe(dues.resolve_due);
  });

  it('restarts the verify clock only when the citizen answers the question', () => {
    const restarting = TRANSITIONS.filter((t) => restartsVerifyClock(t.from, t.to)).map((t) => `${t.from}->${t.to}`);
    expect(restarting).toEqual(['needs_info->received']);
  });

  it('names only statuses that exist and statuses in which a report is open', () => {
    for (const rule of Object.values(STAGE_RULES)) {
      for (const s of rule.statuses) expect(['received', 'needs_info', 'verified', 'dispositioned', 'in_progress']).toContain(s);
    }
  });
});
