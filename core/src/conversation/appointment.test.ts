import { describe, expect, it } from 'vitest';
import { appointmentSlotTaken, wantsAppointmentContext } from './conversation-step.ts';
import { parseCommand, wantsMeeting } from './intents.ts';
import { Chat, context, msg } from './test-chat.ts';

const days = [
  { slot: 1, date: '2026-12-01', start_time: '09:00', place: 'Pendopo Kabupaten', starts_at: '2026-12-01T02:00:00.000Z', remaining: 1 },
  { slot: 2, date: '2026-12-03', start_time: '09:00', place: 'Pendopo Kabupaten', starts_at: '2026-12-03T02:00:00.000Z', remaining: 5 },
];
const mine = [{ code: 'TMU-7K3PQ9', status: 'requested' as const, topic: 'Irigasi desa Celikah rusak', date: '2026-12-01', start_time: '09:00', place: 'Pendopo Kabupaten' }];

describe('Temu Bupati in the chat', () => {
  it('free text starts it: topic, day, confirmation, then the booking effect', () => {
    const chat = new Chat({ appointment_days: days });
    chat.say('mau ketemu bupati');
    expect(chat.state?.state).toBe('appt_topic');
    chat.say('Usulan perbaikan irigasi desa Celikah');
    expect(chat.state?.state).toBe('appt_day');
    expect(chat.texts()[0]).toContain('1. Selasa, 1 Desember 2026 · 09:00 — Pendopo Kabupaten');
    chat.tap('Kamis, 3 Des · 09:00');
    expect(chat.texts()[0]).toContain('*Kamis, 3 Desember 2026*, pukul 09:00');
    const r = chat.tap('Ya, daftarkan');
    expect(r.effects).toEqual([{ kind: 'book_appointment', booking: {
      topic: 'Usulan perbaikan irigasi desa Celikah', slot: 2, date: '2026-12-03', move: null, locale: 'id', reporter_wa_id: '6281234567890', reporter_name: 'Siti',
    } }]);
    expect(chat.state).toMatchObject({ state: 'idle', appointment: null });
  });

  it('the menu has it, typed numbers pick the day, and "batal" drops it', () => {
    const chat = new Chat({ appointment_days: days });
    chat.say('halo');
    chat.tap('Temu Bupati');
    chat.say('Soal bantuan sosial yang belum cair');
    chat.say('1');
    expect(chat.state?.state).toBe('appt_confirm');
    chat.say('batal');
    expect(chat.texts()[0]).toContain('dibatalkan');
    expect(chat.state).toMatchObject({ state: 'idle', appointment: null });
  });

  it('with no open day it says so instead of asking', () => {
    const chat = new Chat({ appointment_days: [] });
    chat.say('ingin bertemu bupati');
    chat.say('Usulan perbaikan irigasi desa Celikah');
    expect(chat.texts()[0]).toContain('belum ada jadwal');
    expect(chat.state?.appointment).toBeNull();
  });

  it('"batal temu <kode>" cancels an own booking only', () => {
    const chat = new Chat({ appointments: mine });
    let r = chat.say('batal temu tmu-7k3pq9');
    expect(r.effects).toEqual([{ kind: 'cancel_appointment', code: 'TMU-7K3PQ9' }]);
    expect(chat.texts()[0]).toContain('Selasa, 1 Desember 2026');
    r = chat.say('batal temu TMU-AAAAAA');
    expect(r.effects).toEqual([]);
    expect(chat.texts()[0]).toContain('tidak menemukan');
  });

  it('"pindah temu" offers the days again and books a move of the same code', () => {
    const chat = new Chat({ appointments: mine, appointment_days: days });
    chat.say('pindah temu');
    expect(chat.state?.state).toBe('appt_day');
    chat.say('2');
    const r = chat.tap('Ya, daftarkan');
    expect(r.effects[0]).toMatchObject({ kind: 'book_appointment', booking: { move: 'TMU-7K3PQ9', slot: 2, topic: 'Irigasi desa Celikah rusak' } });
  });

  it('a place taken meanwhile sends the citizen back to the days left', () => {
    const chat = new Chat({ appointment_days: days });
    chat.say('mau ketemu bupati');
    chat.say('Usulan perbaikan irigasi desa Celikah');
    chat.say('1');
    const r = chat.tap('Ya, daftarkan');
    const booking = (r.effects[0] as { booking: Parameters<typeof appointmentSlotTaken>[1] }).booking;
    const after = appointmentSlotTaken(chat.state!, booking, context({ appointment_days: days.slice(1) }));
    expect(after.state).toMatchObject({ state: 'appt_day', appointment: { topic: 'Usulan perbaikan irigasi desa Celikah', move: null } });
    const body = JSON.stringify(after.replies);
    expect(body).toContain('baru saja terisi penuh');
    expect(body).toContain('Kamis, 3 Des');
    expect(body).not.toContain('appt:day:1:');
  });

  it('knows its words, and when the adapter must load the days', () => {
    expect(wantsMeeting('saya ingin bertemu pak bupati')).toBe(true);
    expect(wantsMeeting('Lapor Bupati, jalan rusak')).toBe(false);
    expect(parseCommand('batalkan janji temu', 'ADU')).toEqual({ kind: 'appointment_cancel', code: null });
    expect(parseCommand('batal', 'ADU')).toEqual({ kind: 'cancel' });
    expect(wantsAppointmentContext(null, msg.text('mau ketemu bupati'))).toBe(true);
    expect(wantsAppointmentContext(null, msg.text('jalan rusak di desa Celikah'))).toBe(false);
    expect(wantsAppointmentContext(null, msg.row('menu:meet'))).toBe(true);
  });
});
