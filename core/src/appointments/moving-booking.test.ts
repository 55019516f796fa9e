import { describe, expect, it } from 'vitest';
import { msg } from '../conversation/test-chat.ts';
import { bookingBeingMoved } from './moving-booking.ts';

const one = [{ code: 'TMU-7K3PQ9' }];
const two = [{ code: 'TMU-7K3PQ9' }, { code: 'TMU-AC3DEF' }];

describe('the booking a message moves (its place is not counted against the new day)', () => {
  it('"pindah temu" with the code, or without one when the sender has a single booking', () => {
    expect(bookingBeingMoved(null, msg.text('pindah temu tmu-7k3pq9'), two, 'ADU')).toBe('TMU-7K3PQ9');
    expect(bookingBeingMoved(null, msg.text('pindah temu'), one, 'ADU')).toBe('TMU-7K3PQ9');
    expect(bookingBeingMoved(null, msg.text('pindah temu'), two, 'ADU')).toBeNull();
  });

  it('the days and confirmation after it keep the move', () => {
    const moving = { appointment: { move: 'TMU-7K3PQ9' } };
    expect(bookingBeingMoved(moving, msg.row('appt:day:2:2026-12-10'), one, 'ADU')).toBe('TMU-7K3PQ9');
    expect(bookingBeingMoved(moving, msg.text('2'), one, 'ADU')).toBe('TMU-7K3PQ9');
  });

  it('never another citizen\'s code, a booking no longer on, or a new booking', () => {
    expect(bookingBeingMoved(null, msg.text('pindah temu TMU-XXXXXX'), one, 'ADU')).toBeNull();
    expect(bookingBeingMoved({ appointment: { move: 'TMU-AC3DEF' } }, msg.text('1'), one, 'ADU')).toBeNull();
    expect(bookingBeingMoved({ appointment: { move: null } }, msg.text('1'), one, 'ADU')).toBeNull();
    expect(bookingBeingMoved(null, msg.text('mau ketemu bupati'), one, 'ADU')).toBeNull();
  });
});
