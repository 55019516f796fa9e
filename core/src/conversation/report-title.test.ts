import { describe, expect, it } from 'vitest';
import { complaintRow } from './report-title.ts';

describe('complaintRow', () => {
  const report = {
    type: 'pengaduan',
    category: 'JALAN',
    region: '16.02.05.1008',
    latitude: -3.39,
    longitude: 104.83,
    address: 'Sukadana',
    description: 'Jalan berlubang besar di depan SD\nsudah dua bulan',
    confidential: true,
    channel: 'open311',
  };

  it('files every door’s report the same way: titled from the story, received, with or without a reporter', () => {
    expect(complaintRow(report, null)).toEqual({
      ...report,
      title: 'Jalan berlubang besar di depan SD',
      reporter: null,
      rt: null,
      rw: null,
      locale: 'id',
      status: 'received',
    });
    expect(complaintRow({ ...report, channel: 'whatsapp', locale: 'en' }, 'citizen-1')).toMatchObject({ reporter: 'citizen-1', locale: 'en', channel: 'whatsapp' });
    // RT/RW from the address, else from the story.
    expect(complaintRow({ ...report, address: 'Gg. Mawar RT 04/RW 02', description: 'Got mampet di RT 09' }, null)).toMatchObject({ rt: '004', rw: '002' });
    expect(complaintRow({ ...report, description: 'Got mampet di rt 9 rw 3, bau sekali' }, null)).toMatchObject({ rt: '009', rw: '003' });
  });
});
