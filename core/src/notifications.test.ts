import { describe, expect, it } from 'vitest';
import { citizenNoticeKey, isCitizenFacing, moveEventName, followUpPhotosHeldNote, withPhotosHeldNote, formatDay, KanalEvent, noticeTemplateParameters, officerNoticeKey, placeText, templateParameters } from './notifications.ts';

const ev = (event: KanalEvent['event'], status_from: KanalEvent['status_from'], status_to: KanalEvent['status_to']) => ({ event, status_from, status_to });

describe('citizenNoticeKey', () => {
  it.each([
    [ev('complaint.verified', 'received', 'verified'), null, 'notify.verified'],
    [ev('complaint.verified', 'needs_info', 'verified'), null, 'notify.verified'],
    [ev('complaint.status_changed', 'received', 'needs_info'), null, 'notify.needs_info'],
    [ev('complaint.status_changed', 'received', 'rejected'), 'spam', 'notify.rejected'],
    [ev('complaint.status_changed', 'verified', 'rejected'), 'duplicate', 'notify.duplicate'],
    [ev('complaint.status_changed', 'verified', 'dispositioned'), null, 'notify.dispositioned'],
    [ev('complaint.update_posted', null, 'in_progress'), null, 'notify.follow_up'],
    [ev('complaint.status_changed', 'in_progress', 'resolved'), null, 'notify.resolved'],
    [ev('complaint.status_changed', 'resolved', 'in_progress'), null, 'notify.reopened'],
    [ev('complaint.status_changed', 'resolved', 'closed'), 'no_response', 'notify.closed'],
  ] as const)('%o (%s) -> %s', (e, reason, key) => {
    expect(citizenNoticeKey(e, reason)).toBe(key);
  });

  it.each([
    ['a new report (intake already answered)', ev('complaint.created', null, 'received'), null],
    ['an OPD return, internal until re-routed', ev('complaint.status_changed', 'dispositioned', 'verified'), null],
    ['an officer accepting', ev('complaint.status_changed', 'dispositioned', 'in_progress'), null],
    ["the citizen's own answer to needs_info", ev('complaint.status_changed', 'needs_info', 'received'), null],
    ['a close after the citizen rated it (already thanked)', ev('complaint.status_changed', 'resolved', 'closed'), 'citizen_confirmed'],
  ] as const)('stays silent on %s', (_what, e, reason) => {
    expect(citizenNoticeKey(e, reason)).toBeNull();
  });

  it('gives a report from the web form its ticket on WhatsApp, and no other door a second one', () => {
    const created = ev('complaint.created', null, 'received');
    expect(citizenNoticeKey(created, null, 'web')).toBe('notify.web_received');
    expect(citizenNoticeKey(created, null, 'whatsapp')).toBeNull();
    expect(citizenNoticeKey(created, null, 'open311')).toBeNull();
    expect(citizenNoticeKey(created, null, 'admin')).toBeNull();
    // Later moves of a web report are told like any other.
    expect(citizenNoticeKey(ev('complaint.verified', 'received', 'verified'), null, 'web')).toBe('notify.verified');
  });
});

it('gives a report the desk recorded from a phone call or a visit its ticket on WhatsApp', () => {
  const created = ev('complaint.created', null, 'received');
  expect(citizenNoticeKey(created, null, 'phone')).toBe('notify.desk_received');
  expect(citizenNoticeKey(created, null, 'walk_in')).toBe('notify.desk_received');
  expect(citizenNoticeKey(ev('complaint.verified', 'received', 'verified'), null, 'walk_in')).toBe('notify.verified');
});

describe('officerNoticeKey', () => {
  it('tells the officers about a disposition and a reopen, nothing else', () => {
    expect(officerNoticeKey(ev('complaint.status_changed', 'verified', 'dispositioned'))).toBe('officer.disposition');
    expect(officerNoticeKey(ev('complaint.status_changed', 'resolved', 'in_progress'))).toBe('officer.reopened');
    expect(officerNoticeKey(ev('complaint.status_changed', 'dispositioned', 'in_progress'))).toBeNull();
    expect(officerNoticeKey(ev('complaint.verified', 'received', 'verified'))).toBeNull();
  });
});

describe('KanalEvent', () => {
  it('parses what the Directus hook sends and refuses unknown statuses', () => {
    const body = { event: 'complaint.update_posted', complaint_id: 12, ticket: 'ADU-2611-00012', status_from: null, status_to: 'in_progress', at: '2026-11-02T03:00:00.000Z', update_id: 40 };
    expect(KanalEvent.parse(body)).toEqual(body);
    expect(KanalEvent.safeParse({ ...body, status_to: 'done' }).success).toBe(false);
  });
});

describe('formatting', () => {
  it('writes the due day in the kabupaten zone, in Indonesian', () => {
    // 16:59:59 UTC on 9 Nov = 23:59:59 WIB on Monday 9 Nov, but already Tuesday in WITA.
    expect(formatDay('2026-11-09T16:59:59.999Z', 'Asia/Jakarta')).toBe('Senin, 9 November 2026');
    expect(formatDay('2026-11-09T16:59:59.999Z', 'Asia/Makassar')).toBe('Selasa, 10 November 2026');
    expect(formatDay(null, 'Asia/Jakarta')).toBe('');
  });

  it('builds the place line and one-line template parameters', () => {
    expect(placeText('Jl. Letnan Mukhtar Saleh', 'Kayu Agung')).toBe('Jl. Letnan Mukhtar Saleh, Kayu Agung');
    expect(placeText(null, null)).toBe('-');
    expect(templateParameters('ADU-2611-00001', 'Baris satu\n\nBaris    dua')).toEqual(['ADU-2611-00001', 'Baris satu · Baris dua']);
  });
});

describe('noticeTemplateParameters', () => {
  it('fills the officer templates from named variables, each one line', () => {
    const vars = { ticket: 'ADU-2611-00007', category: 'Jalan rusak', place: 'Jl. Merdeka,\nKayu Agung', due: 'Senin, 9 November 2026', agency: 'DPUPR' };
    expect(noticeTemplateParameters('officer.disposition', vars, 'ignored')).toEqual(['ADU-2611-00007', 'Jalan rusak', 'Jl. Merdeka, · Kayu Agung', 'Senin, 9 November 2026']);
    expect(noticeTemplateParameters('officer.reopened', vars, 'ignored')).toEqual(['ADU-2611-00007', 'Jalan rusak', 'Jl. Merdeka, · Kayu Agung']);
    expect(noticeTemplateParameters('reminder.officer_digest', { name: 'Budi', count: 3 }, 'x')).toEqual(['Budi', '3']);
  });

  it('gives other texts the citizen shape: ticket and the whole text on one line', () => {
    expect(noticeTemplateParameters('notify.verified', { ticket: 'ADU-2611-00001' }, 'Laporan\n\ndiperiksa')).toEqual(['ADU-2611-00001', 'Laporan · diperiksa']);
    expect(noticeTemplateParameters('officer.disposition', {}, '')).toEqual(['-', '-', '-', '-']);
  });
});

describe('followUpPhotosHeldNote', () => {
  it('tells the citizen how many photos there are and why they do not come, in their language', () => {
    expect(followUpPhotosHeldNote(2)).toBe('Petugas juga melampirkan 2 foto. WhatsApp tidak mengizinkan kami mengirim foto karena Anda belum mengirim pesan ke nomor ini dalam 24 jam terakhir.');
    expect(followUpPhotosHeldNote(1, 'en')).toMatch(/^The officer also attached 1 photo\. /);
    expect(followUpPhotosHeldNote(3, 'en')).toContain('3 photos');
  });

  it('says nothing when there is no photo', () => {
    expect(followUpPhotosHeldNote(0)).toBe('');
    expect(followUpPhotosHeldNote(-1, 'en')).toBe('');
  });

  it('rides at the end of the one-line template parameter, which shortens the text rather than the note', () => {
    expect(withPhotosHeldNote('Tindak lanjut:\nsudah ditambal.', 2)).toBe(`Tindak lanjut: · sudah ditambal. · ${followUpPhotosHeldNote(2)}`);
    expect(withPhotosHeldNote('Tanpa foto.', 0)).toBe('Tanpa foto.');
    const long = withPhotosHeldNote('x'.repeat(3000), 1);
    const [, param] = templateParameters('ADU-2611-00001', long);
    expect(param).toBe(long);
    expect(Array.from(param!).length).toBeLessThanOrEqual(1024);
    expect(param!.endsWith(followUpPhotosHeldNote(1))).toBe(true);
    expect(param).toContain('x… · Petugas');
  });
});

describe('isCitizenFacing', () => {
  it('hides returns from the citizen, shows every other move', () => {
    expect(isCitizenFacing('in_progress', 'verified')).toBe(false);
    expect(isCitizenFacing('received', 'verified')).toBe(true);
    expect(isCitizenFacing('needs_info', 'verified')).toBe(true);
    expect(isCitizenFacing('verified', 'rejected')).toBe(true);
  });
});

describe('moveEventName', () => {
  it('a new report is created, a first verification starts routing, a return and everything else are status changes', () => {
    expect(moveEventName(null, 'received')).toBe('complaint.created');
    expect(moveEventName('received', 'verified')).toBe('complaint.verified');
    expect(moveEventName('in_progress', 'verified')).toBe('complaint.status_changed');
    expect(moveEventName('verified', 'dispositioned')).toBe('complaint.status_changed');
  });
});
