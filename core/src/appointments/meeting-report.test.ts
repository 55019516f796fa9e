import { describe, expect, it } from 'vitest';
import { meetingReport } from './meeting-report.ts';

describe('«Jadikan laporan» from a Temu Bupati', () => {
  const m = { code: 'TMU-7K3PQ9', topic: 'Irigasi Celikah', note: 'Pintu air rusak sejak Oktober; sawah 20 ha kering.', slot_date: '2026-12-08', citizen: 'c1', locale: 'id' as const };
  it('becomes an aspiration told in person, by the citizen, with the topic and the notes', () => {
    const r = meetingReport(m);
    expect(r.ok && r.row).toMatchObject({ type: 'aspirasi', channel: 'walk_in', reporter: 'c1' });
    expect(r.ok && String(r.row['description'])).toContain('Temu Bupati TMU-7K3PQ9 (Selasa, 8 Desember 2026)');
    expect(r.ok && String(r.row['description'])).toContain('sawah 20 ha kering');
  });
  it('needs the notes and the citizen', () => {
    expect(meetingReport({ ...m, note: '  ' })).toEqual({ ok: false, code: 'APPOINTMENT.NO_NOTES' });
    expect(meetingReport({ ...m, citizen: null })).toEqual({ ok: false, code: 'APPOINTMENT.NO_CITIZEN' });
  });
});
