import { describe, expect, it } from 'vitest';
import { citizenNotice, followerNotices, leaderMessageBody, leaderSignature, type CitizenNotice, type CitizenNoticeView, type Follower } from './citizen-notice.ts';
import { LEADER_MESSAGE_MAX } from './model.ts';
import type { KanalEvent } from './notifications.ts';

const REPORTER = { wa_id: '6281234567890', locale: 'id', blocked: false, display_name: 'Sari' };
const view = (extra: Partial<CitizenNoticeView> = {}): CitizenNoticeView => ({
  ticket: 'ADU-2611-00001', status_reason: null, status_note: null, respond_due: '2026-11-09T16:59:59.999Z',
  reporter: REPORTER, assigned_agency: { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', short_name: 'DPUPR' }, duplicate_of: null, ...extra,
});
const moved = (status_from: KanalEvent['status_from'], status_to: KanalEvent['status_to']): KanalEvent =>
  ({ event: 'complaint.status_changed', complaint_id: 1, ticket: 'ADU-2611-00001', status_from, status_to, at: '2026-11-02T03:00:00.000Z' });
const posted: KanalEvent = { event: 'complaint.update_posted', complaint_id: 1, ticket: 'ADU-2611-00001', status_from: null, status_to: 'in_progress', at: '2026-11-02T03:00:00.000Z', update_id: 3 };
const followUp = { body: 'Lubang sudah ditambal.', public: true, kind: 'follow_up', agency: { name: 'Bidang Bina Marga' } };
const BUPATI = { first_name: 'Budi', last_name: 'Santoso', title: 'Bupati Ogan Komering Ilir' };
const leaderMessage = { body: 'Saya sudah minta Dinas PUPR menambalnya minggu ini.', public: true, kind: 'leader_message', agency: null, author: BUPATI };

// [case, event, what was loaded, what the reporter gets (subset)]
const CASES: [string, KanalEvent, CitizenNoticeView, Partial<Extract<CitizenNotice, { send: true }>> | Extract<CitizenNotice, { send: false }>][] = [
  ['verified: told it was checked', moved('received', 'verified'), view(), { send: true, key: 'notify.verified', to: '6281234567890', interactive: null, withPhotos: false }],
  ['dispositioned: where it went and by when, in the regency zone', moved('verified', 'dispositioned'), view(),
    { key: 'notify.dispositioned', vars: expect.objectContaining({ agency: 'Dinas Pekerjaan Umum dan Penataan Ruang', due: 'Senin, 9 November 2026', name: 'Sari' }) }],
  ['dispositioned, English reporter: English date', moved('verified', 'dispositioned'), view({ reporter: { ...REPORTER, locale: 'en' } }),
    { key: 'notify.dispositioned', locale: 'en', vars: expect.objectContaining({ due: 'Monday, 9 November 2026' }) }],
  ['needs_info: the verifikator\'s question is the reason', moved('received', 'needs_info'), view({ status_note: 'Mohon kirim titik lokasinya.' }),
    { key: 'notify.needs_info', vars: expect.objectContaining({ reason: 'Mohon kirim titik lokasinya.', body: 'Mohon kirim titik lokasinya.' }) }],
  ['rejected as a duplicate: names the original ticket', moved('received', 'rejected'), view({ status_reason: 'duplicate', duplicate_of: { ticket: 'ADU-2610-00777' } }),
    { key: 'notify.duplicate', vars: expect.objectContaining({ original_ticket: 'ADU-2610-00777' }) }],
  ['rejected without a note: the reason\'s label', moved('received', 'rejected'), view({ status_reason: 'spam' }),
    { key: 'notify.rejected', vars: expect.objectContaining({ reason: 'Spam' }) }],
  ['resolved: asks for a rating as a list', moved('in_progress', 'resolved'), view(), { key: 'notify.resolved', interactive: 'satisfaction' }],
  ['reopened by the citizen', moved('resolved', 'in_progress'), view(), { key: 'notify.reopened' }],
  ['closed after silence', moved('resolved', 'closed'), view({ status_reason: 'no_response' }), { key: 'notify.closed' }],
  ['public follow-up: the officer\'s text, the unit that wrote it, photos after', posted, view({ update: followUp }),
    { key: 'notify.follow_up', withPhotos: true, vars: expect.objectContaining({ body: 'Lubang sudah ditambal.', agency: 'Bidang Bina Marga' }) }],
  ['Pesan pimpinan: the Pimpinan\'s words signed with their title, the office handling it, no photos', posted, view({ update: leaderMessage }),
    { key: 'notify.leader_message', withPhotos: false,
      vars: expect.objectContaining({ body: 'Saya sudah minta Dinas PUPR menambalnya minggu ini.', leader: 'Bupati Ogan Komering Ilir', agency: 'Dinas Pekerjaan Umum dan Penataan Ruang' }) }],
  ['Pesan pimpinan not for the reporter: nothing', posted, view({ update: { ...leaderMessage, public: false } }), { send: false, reason: 'not_public' }],
  ['internal note: nothing', posted, view({ update: { ...followUp, kind: 'internal_note', public: false } }), { send: false, reason: 'not_public' }],
  ['follow-up not ticked for the reporter: nothing', posted, view({ update: { ...followUp, public: false } }), { send: false, reason: 'not_public' }],
  ['update that no longer exists: nothing', posted, view({ update: null }), { send: false, reason: 'not_public' }],
  ['closed by the citizen\'s own rating: already thanked', moved('resolved', 'closed'), view({ status_reason: 'citizen_confirmed' }), { send: false, reason: 'not_for_citizen' }],
  ['returned by the OPD (bukan wewenang): internal', moved('dispositioned', 'verified'), view(), { send: false, reason: 'not_for_citizen' }],
  ['accepted by the officer: the disposition already told them', moved('dispositioned', 'in_progress'), view(), { send: false, reason: 'not_for_citizen' }],
  ['desk report without a reporter', moved('verified', 'dispositioned'), view({ reporter: null }), { send: false, reason: 'no_reporter' }],
  ['blocked reporter', moved('verified', 'dispositioned'), view({ reporter: { ...REPORTER, blocked: true } }), { send: false, reason: 'blocked' }],
];

describe('citizenNotice: which notice the reporter gets', () => {
  it.each(CASES)('%s', (_case, event, loaded, expected) => {
    const got = citizenNotice(event, loaded, 'Asia/Jakarta');
    if (expected.send === false) expect(got).toEqual(expected);
    else expect(got).toMatchObject({ send: true, to: '6281234567890', ...expected });
  });

  it('a report filed on the web form: its number gets the ticket and the tracking code; no number, nobody to tell', () => {
    const created: KanalEvent = { event: 'complaint.created', complaint_id: 1, ticket: 'ADU-2611-00001', status_from: null, status_to: 'received', at: '2026-11-02T03:00:00.000Z' };
    const web = citizenNotice(created, view({ channel: 'web', tracking_code: 'K7P3XW9A', assigned_agency: null }), 'Asia/Jakarta');
    expect(web).toMatchObject({ send: true, to: '6281234567890', key: 'notify.web_received', vars: { ticket: 'ADU-2611-00001', tracking_code: 'K7P3XW9A' } });
    expect(citizenNotice(created, view({ channel: 'web', tracking_code: 'K7P3XW9A', reporter: null }), 'Asia/Jakarta')).toEqual({ send: false, reason: 'no_reporter' });
    expect(citizenNotice(created, view({ channel: 'whatsapp', tracking_code: 'K7P3XW9A' }), 'Asia/Jakarta')).toEqual({ send: false, reason: 'not_for_citizen' });
    // The code travels only in that first notice.
    const later = citizenNotice(moved('received', 'verified'), view({ channel: 'web', tracking_code: 'K7P3XW9A' }), 'Asia/Jakarta');
    expect(later.send && later.vars['tracking_code']).toBeUndefined();
  });

  it('a report the desk recorded: the number gets the ticket, the code, and how the report reached us; no number, no message', () => {
    const created: KanalEvent = { event: 'complaint.created', complaint_id: 2, ticket: 'ADU-2611-00001', status_from: null, status_to: 'received', at: '2026-11-02T03:00:00.000Z' };
    const phone = citizenNotice(created, view({ channel: 'phone', tracking_code: 'Q2W3E4R5', assigned_agency: null }), 'Asia/Jakarta');
    expect(phone).toMatchObject({ send: true, to: '6281234567890', key: 'notify.desk_received', vars: { ticket: 'ADU-2611-00001', tracking_code: 'Q2W3E4R5', via: 'lewat telepon' } });
    const visit = citizenNotice(created, view({ channel: 'walk_in', tracking_code: 'Q2W3E4R5', reporter: { ...REPORTER, locale: 'en' } }), 'Asia/Jakarta');
    expect(visit).toMatchObject({ send: true, key: 'notify.desk_received', locale: 'en', vars: { via: 'in person at our service desk' } });
    expect(citizenNotice(created, view({ channel: 'walk_in', tracking_code: 'Q2W3E4R5', reporter: null }), 'Asia/Jakarta')).toEqual({ send: false, reason: 'no_reporter' });
  });

  it('due dates fall on the regency\'s local day (WIT is a day later at 23:59 WIB)', () => {
    const n = citizenNotice(moved('verified', 'dispositioned'), view(), 'Asia/Jayapura');
    expect(n.send && n.vars['due']).toBe('Selasa, 10 November 2026');
  });
});

describe('followerNotices: citizens whose reports were joined into this one', () => {
  const follower = (wa_id: string, ticket: string, extra: Partial<NonNullable<Follower['reporter']>> = {}): Follower =>
    ({ ticket, reporter: { wa_id, locale: 'id', blocked: false, display_name: `Warga ${ticket}`, ...extra } });
  const FOLLOWERS = [follower('6281300000001', 'ADU-2611-00002'), follower('6281300000002', 'ADU-2611-00003', { locale: 'en' })];
  const sent = (n: CitizenNotice[]) => n.map((x) => (x.send ? [x.to, x.key, x.vars['ticket'], x.vars['own_ticket']] : null));

  it('get the original\'s news about the original\'s ticket, each in their own language', () => {
    const got = followerNotices(moved('verified', 'dispositioned'), view(), FOLLOWERS, 'Asia/Jakarta');
    expect(sent(got)).toEqual([
      ['6281300000001', 'notify.dispositioned', 'ADU-2611-00001', 'ADU-2611-00002'],
      ['6281300000002', 'notify.dispositioned', 'ADU-2611-00001', 'ADU-2611-00003'],
    ]);
    expect(got.map((n) => n.send && n.locale)).toEqual(['id', 'en']);
    expect(got[0]!.send && got[0]!.vars['name']).toBe('Warga ADU-2611-00002');
  });

  it('get the resolution without the rating question, which is the reporter\'s', () => {
    const got = followerNotices(moved('in_progress', 'resolved'), view(), FOLLOWERS, 'Asia/Jakarta');
    expect(got.map((n) => n.send && [n.key, n.interactive])).toEqual([['notify.follower_resolved', null], ['notify.follower_resolved', null]]);
  });

  it('get public follow-ups with their photos, never internal notes', () => {
    expect(followerNotices(posted, view({ update: followUp }), FOLLOWERS, 'Asia/Jakarta').map((n) => n.send && n.withPhotos)).toEqual([true, true]);
    expect(followerNotices(posted, view({ update: { ...followUp, public: false } }), FOLLOWERS, 'Asia/Jakarta')).toEqual([]);
  });

  it('get the Pimpinan\'s message too: it is about the matter they reported', () => {
    expect(followerNotices(posted, view({ update: leaderMessage }), FOLLOWERS, 'Asia/Jakarta').map((n) => n.send && [n.key, n.vars['leader'], n.vars['own_ticket']]))
      .toEqual([['notify.leader_message', 'Bupati Ogan Komering Ilir', 'ADU-2611-00002'], ['notify.leader_message', 'Bupati Ogan Komering Ilir', 'ADU-2611-00003']]);
  });

  it('never get what only the reporter answers, nor the original\'s own joining elsewhere', () => {
    expect(followerNotices(moved('received', 'needs_info'), view({ status_note: 'Kirim lokasi.' }), FOLLOWERS, 'Asia/Jakarta')).toEqual([]);
    expect(followerNotices(moved('verified', 'rejected'), view({ status_reason: 'duplicate', duplicate_of: { ticket: 'ADU-2610-00777' } }), FOLLOWERS, 'Asia/Jakarta')).toEqual([]);
  });

  it('one notice per number: not the reporter again, not a blocked citizen, not twice for two joined reports', () => {
    const got = followerNotices(moved('verified', 'dispositioned'), view(), [
      follower(REPORTER.wa_id, 'ADU-2611-00009'),
      follower('6281300000001', 'ADU-2611-00002'),
      follower('6281300000001', 'ADU-2611-00004'),
      follower('6281300000003', 'ADU-2611-00005', { blocked: true }),
      { ticket: 'ADU-2611-00006', reporter: null },
    ], 'Asia/Jakarta');
    expect(sent(got)).toEqual([['6281300000001', 'notify.dispositioned', 'ADU-2611-00001', 'ADU-2611-00002']]);
  });

  it('still hear of an original that has no reporter of its own (typed in at the desk)', () => {
    expect(sent(followerNotices(moved('verified', 'dispositioned'), view({ reporter: null }), FOLLOWERS.slice(0, 1), 'Asia/Jakarta')))
      .toEqual([['6281300000001', 'notify.dispositioned', 'ADU-2611-00001', 'ADU-2611-00002']]);
  });
});


describe('leaderSignature: how a Pesan pimpinan is signed', () => {
  it('the title when the account has one, else the name, else nothing', () => {
    expect(leaderSignature(BUPATI)).toBe('Bupati Ogan Komering Ilir');
    expect(leaderSignature({ ...BUPATI, title: '  ' })).toBe('Budi Santoso');
    expect(leaderSignature({ first_name: 'Sekda', last_name: null, title: null })).toBe('Sekda');
    expect(leaderSignature(null)).toBe('');
  });
});

describe('leaderMessageBody: what a Pesan pimpinan may say', () => {
  it('is the trimmed text', () => {
    expect(leaderMessageBody('  Jalan ini kami perbaiki pekan depan.  ')).toBe('Jalan ini kami perbaiki pekan depan.');
    expect(leaderMessageBody('a'.repeat(LEADER_MESSAGE_MAX))).toHaveLength(LEADER_MESSAGE_MAX);
  });

  it('refuses an empty message and one too long for one WhatsApp message, in words', () => {
    for (const body of [undefined, null, '', '   ', 42]) expect(() => leaderMessageBody(body), String(body)).toThrow('Pesan pimpinan masih kosong: tulis isi pesan untuk pelapor.');
    expect(() => leaderMessageBody('a'.repeat(LEADER_MESSAGE_MAX + 1))).toThrow(
      expect.objectContaining({ code: 'UPDATE.MESSAGE_TOO_LONG', message: expect.stringContaining(`(${LEADER_MESSAGE_MAX + 1} karakter; paling banyak ${LEADER_MESSAGE_MAX})`) }),
    );
  });
});

