import { describe, expect, it } from 'vitest';
import { TrackedComplaint, trackingPageView, type TimelineFollowUp, type TimelinePhoto } from '../tracking-view.ts';
import { renderPage, TRACK_RESULT } from './render.ts';
import { trackResultModel } from './tracking-page.ts';
import { textsFor } from './texts.ts';

const complaint: TrackedComplaint = TrackedComplaint.parse({
  id: 8, ticket: 'ADU-2611-00008', status: 'in_progress', confidential: false, title: 'Jalan berlubang',
  description: 'Lubang di depan SD Negeri 3.', address: 'Jl. Merdeka No. 5',
  category: { name: 'Jalan', name_en: 'Roads' }, region: { code: '16.02.01.2001', name: 'Sukadana', level: 'kelurahan' },
  assigned_agency: { name: 'Dinas Pekerjaan Umum', short_name: 'DPUPR', kind: 'opd' },
  received_at: '2026-11-02T02:00:00.000Z', verified_at: '2026-11-02T03:00:00.000Z', dispositioned_at: '2026-11-02T04:00:00.000Z',
});
const followUps: TimelineFollowUp[] = [
  { id: 21, body: 'Penambalan selesai.', date_created: '2026-11-05T02:00:00.000Z', agency: { name: 'Dinas Pekerjaan Umum' } },
  { id: 20, body: 'Tim sudah meninjau lokasi.', date_created: '2026-11-03T02:00:00.000Z', agency: { name: 'Dinas Pekerjaan Umum' } },
];
const photo = (id: number, update: number | null, cleaned: boolean | number, type = 'image/jpeg'): TimelinePhoto => ({ id, update, caption: `foto ${id}`, file: { id: `f-${id}`, type, metadata_cleaned: cleaned } });
const photos = [photo(1, 21, true), photo(2, 21, false), photo(3, null, true), photo(4, 99, true), photo(5, 20, 1, 'image/png'), photo(6, 20, true, 'image/svg+xml')];
const detail = { kecamatan: 'Kayu Agung', followUps, photos };

describe('trackingPageView', () => {
  it('with the code: stages and public follow-ups newest first, only cleaned images on those follow-ups', () => {
    const view = trackingPageView(complaint, true, detail, 'id');
    if (view.detail !== true) throw new Error('expected the detail');
    expect(view.timeline.map((e) => [e.kind, e.label])).toEqual([
      ['follow_up', 'Tindak lanjut'], ['follow_up', 'Tindak lanjut'], ['stage', 'Didisposisikan'], ['stage', 'Terverifikasi'], ['stage', 'Diterima'],
    ]);
    expect(view.timeline[0]!.photos).toEqual([{ id: '1', caption: 'foto 1' }]);
    expect(view.timeline[1]!.photos).toEqual([{ id: '5', caption: 'foto 5' }]);
    expect(view.last_follow_up?.body).toBe('Penambalan selesai.');
    expect(view.report?.description).toBe('Lubang di depan SD Negeri 3.');
  });

  it('«Pesan pimpinan» shows with its own label, not as an agency\'s follow-up', () => {
    const leader: TimelineFollowUp = { id: 22, kind: 'leader_message', body: 'Saya minta DPUPR menuntaskannya pekan ini.', date_created: '2026-11-04T02:00:00.000Z', agency: null };
    const view = trackingPageView(complaint, true, { ...detail, followUps: [followUps[0]!, leader, followUps[1]!] }, 'id');
    if (view.detail !== true) throw new Error('expected the detail');
    expect(view.timeline.slice(0, 3).map((e) => [e.label, e.agency, e.body])).toEqual([
      ['Tindak lanjut', 'Dinas Pekerjaan Umum', 'Penambalan selesai.'],
      ['Pesan pimpinan', null, 'Saya minta DPUPR menuntaskannya pekan ini.'],
      ['Tindak lanjut', 'Dinas Pekerjaan Umum', 'Tim sudah meninjau lokasi.'],
    ]);
    const en = trackingPageView(complaint, true, { ...detail, followUps: [leader] }, 'en');
    expect(en.detail === true && en.timeline[0]!.label).toBe('Message from the regional head');
  });

  it('without the code, or for a confidential report even with it: status only', () => {
    for (const view of [trackingPageView(complaint, false, detail, 'id'), trackingPageView({ ...complaint, confidential: true }, true, detail, 'id'), trackingPageView({ ...complaint, confidential: 1 }, true, detail, 'en')]) {
      expect(view.detail).toBe(false);
      const text = JSON.stringify(view);
      for (const secret of ['Lubang', 'Merdeka', 'Penambalan', 'Dinas Pekerjaan', 'Sukadana', 'f-1']) expect(text).not.toContain(secret);
    }
  });
});

describe('tracking result page', () => {
  it('escapes hostile text from follow-ups and reports, and links photos only through the signed path', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const view = trackingPageView({ ...complaint, description: hostile, title: `"><b>${hostile}` }, true, { ...detail, followUps: [{ ...followUps[0]!, body: hostile }] }, 'id');
    const model = trackResultModel(view, 'id', 'Asia/Jakarta', (id) => `/kanal-aduan/lacak/foto/${id}?t=sig`);
    const layout = { lang: 'id', title: 'Lacak', base: '/kanal-aduan/', langQuery: '', otherLang: 'en', otherLanguageHref: '/kanal-aduan/lacak?lang=en', t: textsFor('id') as Record<string, string> };
    const html = renderPage(layout, TRACK_RESULT({ ...layout, ...model }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('src="/kanal-aduan/lacak/foto/1?t&#x3D;sig"');
    expect(html).not.toContain('f-1');
    expect(html).toContain('Sedang Ditindaklanjuti');
    expect(html).toContain('Dinas Pekerjaan Umum');
  });

  it('a status-only result names the kind of office, not the agency, and says why', () => {
    const view = trackingPageView(complaint, false, null, 'en');
    const model = trackResultModel(view, 'en', 'Asia/Jakarta', () => 'never');
    const layout = { lang: 'en', title: 'Track', base: '/kanal-aduan/', langQuery: '?lang=en', otherLang: 'id', otherLanguageHref: '/kanal-aduan/lacak', t: textsFor('en') as Record<string, string> };
    const html = TRACK_RESULT({ ...layout, ...model });
    expect(html).toContain('In progress');
    expect(html).toContain('Agency');
    expect(html).not.toContain('Dinas Pekerjaan Umum');
    expect(html).toContain('data-testid="status-only"');
  });

  it('a joined report names, to the holder of its code, the report it follows and that one’s status; a stranger sees only the status', () => {
    const joined = TrackedComplaint.parse({ ...complaint, ticket: 'ADU-2611-00009', status: 'rejected', status_reason: 'duplicate', duplicate_of: { ticket: 'ADU-2611-00008', status: 'in_progress' } });
    const layout = { lang: 'id', title: 'Lacak', base: '/kanal-aduan/', langQuery: '', otherLang: 'en', otherLanguageHref: '/kanal-aduan/lacak?lang=en', t: textsFor('id') as Record<string, string> };
    const page = (c: TrackedComplaint, proven: boolean) => TRACK_RESULT({ ...layout, ...trackResultModel(trackingPageView(c, proven, proven ? detail : null, 'id'), 'id', 'Asia/Jakarta', () => 'x') });
    const told = 'Laporan ini sudah digabungkan dengan laporan ADU-2611-00008 tentang masalah yang sama, yang kini berstatus «Sedang Ditindaklanjuti».';
    expect(page(joined, true)).toContain(told);
    // Confidential: still only the status, and the report it follows (its ticket and status are public anyway).
    const secret = page({ ...joined, confidential: true }, true);
    expect(secret).toContain(told);
    expect(secret).toContain('data-testid="status-only"');
    expect(page(joined, false)).not.toContain('data-testid="joined"');
    // Rejected as spam with a stale duplicate_of: nothing to follow.
    expect(page({ ...joined, status_reason: 'spam' }, true)).not.toContain('data-testid="joined"');
  });
});
