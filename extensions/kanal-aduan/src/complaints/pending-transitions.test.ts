import { describe, expect, it } from 'vitest';
import { PendingTransitions, type Transition } from './pending-transitions.ts';

const t = (key: string, to: Transition['to'] = 'verified'): Transition => ({
  key, complaintId: Number(key), ticket: `ADU-2611-0000${key}`, from: 'received', to, role: 'verifikator', author: 'u', agency: null, note: null,
});

describe('PendingTransitions', () => {
  it('hands a parked transition to the action once', () => {
    const p = new PendingTransitions();
    p.park(t('1'));
    expect(p.take(1, 'verified')?.ticket).toBe('ADU-2611-00001');
    expect(p.take(1, 'verified')).toBeUndefined();
  });

  it('never hands a stale entry to a save with another target status', () => {
    const p = new PendingTransitions();
    p.park(t('1', 'verified'));
    expect(p.take('1', 'rejected')).toBeUndefined();
    expect(p.size).toBe(0);
  });

  it('forgets transitions whose write never happened', () => {
    let now = 0;
    const p = new PendingTransitions(1_000, () => now);
    p.park(t('1'));
    now = 5_000;
    expect(p.take('1', 'verified')).toBeUndefined();
    p.park(t('2'));
    now = 10_000;
    p.park(t('3')); // sweeps '2'
    expect(p.size).toBe(1);
  });
});
