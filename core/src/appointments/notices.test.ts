import { describe, expect, it } from 'vitest';
import { dueAppointmentReminders, officeEditNotice, officeNotice } from './notices.ts';

const base = { status: 'requested' as const, slot_date: '2026-12-08', scheduled_at: '2026-12-08T02:00:00.000Z', place: 'Pendopo' };

describe('what the citizen is told after an office edit', () => {
  it('approval, a move and a cancellation each have their notice; notes do not', () => {
    expect(officeNotice(base, { ...base, status: 'scheduled' })).toBe('appointment.scheduled');
    expect(officeNotice(base, { ...base, scheduled_at: '2026-12-10T02:00:00Z', slot_date: '2026-12-10' })).toBe('appointment.office_moved');
    expect(officeNotice({ ...base, status: 'scheduled' }, { ...base, status: 'cancelled' })).toBe('appointment.office_cancelled');
    expect(officeNotice(base, { ...base })).toBeNull();
    expect(officeNotice({ ...base, status: 'scheduled' }, { ...base, status: 'done' })).toBeNull();
    // The same instant written another way is no move.
    expect(officeNotice(base, { ...base, scheduled_at: '2026-12-08T09:00:00+07:00' })).toBeNull();
  });
});

describe('the reminder the day before', () => {
  const rows = [
    { id: 1, status: 'requested' as const, scheduled_at: '2026-12-08T02:00:00Z', reminded_at: null },
    { id: 2, status: 'scheduled' as const, scheduled_at: '2026-12-08T06:00:00Z', reminded_at: '2026-12-07T01:00:00Z' },
    { id: 3, status: 'cancelled' as const, scheduled_at: '2026-12-08T02:00:00Z', reminded_at: null },
    { id: 4, status: 'scheduled' as const, scheduled_at: '2026-12-10T02:00:00Z', reminded_at: null },
  ];
  it('goes to bookings still on, meeting tomorrow (local day), once', () => {
    expect(dueAppointmentReminders(rows, new Date('2026-12-07T01:00:00Z'), 'Asia/Jakarta').map((r) => r.id)).toEqual([1]);
    // 23:30 WIB on the 7th is still the 7th; 00:30 WIB on the 8th is the day itself: too late.
    expect(dueAppointmentReminders(rows, new Date('2026-12-07T16:30:00Z'), 'Asia/Jakarta').map((r) => r.id)).toEqual([1]);
    expect(dueAppointmentReminders(rows, new Date('2026-12-07T17:30:00Z'), 'Asia/Jakarta')).toEqual([]);
  });
});

describe('officeEditNotice', () => {
  const requested = { status: 'requested' as const, slot_date: '2026-12-08', scheduled_at: '2026-12-08T02:00:00Z', place: 'Pendopo' };
  const scheduled = { ...requested, status: 'scheduled' as const };
  it('is the one notice every booking of the edit calls for', () => {
    expect(officeEditNotice([requested, { ...requested, slot_date: '2026-12-10' }], { status: 'scheduled' })).toEqual({ key: 'appointment.scheduled' });
    expect(officeEditNotice([requested, scheduled], { status: 'cancelled' })).toEqual({ key: 'appointment.office_cancelled' });
    expect(officeEditNotice([scheduled], { scheduled_at: '2026-12-08T03:00:00Z' })).toEqual({ key: 'appointment.office_moved' });
    expect(officeEditNotice([scheduled, scheduled], { topic: 'x' } as never)).toEqual({ key: null });
  });
  it('is mixed when the same change would tell the citizens different things', () => {
    expect(officeEditNotice([requested, scheduled], { status: 'scheduled' })).toEqual({ mixed: true });
  });
});
