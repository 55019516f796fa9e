import { describe, expect, it } from 'vitest';
import { assertDeskMove, assertDeskNote, deskForAccount, deskMoveNote, type DeskMove } from './intake-desks.ts';
import { canTransition, SCREENING_STATUSES, type Status } from './statuses.ts';

const desks = [
  { code: 'KAB', active: true, is_default: true, wa_phone_number_id: '100000000000001' },
  { code: 'KEC-KA', active: true, is_default: false, wa_phone_number_id: '100000000000002', telegram_bot_id: '7000000002', facebook_page_id: '300000000000002', instagram_account_id: '178400000000002' },
  { code: 'KEC-OLD', active: false, is_default: false, wa_phone_number_id: '100000000000003' },
];

describe('intake desks', () => {
  it('screens reports while they are new: received, needs_info, verified', () => {
    expect(SCREENING_STATUSES).toEqual(['received', 'needs_info', 'verified']);
  });

  it('picks the desk that owns the number, else the default desk', () => {
    expect(deskForAccount(desks, '100000000000002')?.code).toBe('KEC-KA');
    expect(deskForAccount(desks, '100000000000001')?.code).toBe('KAB');
    expect(deskForAccount(desks, '999')?.code).toBe('KAB');
    expect(deskForAccount(desks, null)?.code).toBe('KAB');
    // A switched-off desk's number falls back to the default desk.
    expect(deskForAccount(desks, '100000000000003')?.code).toBe('KAB');
    expect(deskForAccount([], '1')).toBeNull();
  });

  it('picks the desk that owns the Telegram bot, Facebook Page or Instagram account', () => {
    expect(deskForAccount(desks, 'tg:7000000002')?.code).toBe('KEC-KA');
    expect(deskForAccount(desks, 'fb:300000000000002')?.code).toBe('KEC-KA');
    expect(deskForAccount(desks, 'ig:178400000000002')?.code).toBe('KEC-KA');
    // The id is matched within its channel only: a page id is not a bot id or a phone number id.
    expect(deskForAccount(desks, 'tg:300000000000002')?.code).toBe('KAB');
    expect(deskForAccount(desks, '300000000000002')?.code).toBe('KAB');
    expect(deskForAccount(desks, 'fb:7000000002')?.code).toBe('KAB');
    // Anything that is not an account key is nobody's account.
    expect(deskForAccount(desks, 'tg:')?.code).toBe('KAB');
    expect(deskForAccount(desks, 'xx:7000000002')?.code).toBe('KAB');
  });

  it('lets a desk team screen as the verifikator does, but not close or reopen', () => {
    expect(canTransition('received', 'verified', 'desk_team')).toBe(true);
    expect(canTransition('received', 'needs_info', 'desk_team')).toBe(true);
    expect(canTransition('verified', 'dispositioned', 'desk_team')).toBe(true);
    expect(canTransition('resolved', 'closed', 'desk_team')).toBe(false);
    expect(canTransition('dispositioned', 'in_progress', 'desk_team')).toBe(false);
  });

  const move = (over: Partial<DeskMove> = {}, report: Partial<DeskMove['report']> = {}): DeskMove => ({
    role: 'desk_team', userDesk: 'KEC-KA', to: 'KAB', desks,
    ...over, report: { ticket: 'ADU-2612-00001', status: 'received', desk: 'KEC-KA', ...report },
  });
  const code = (m: DeskMove) => {
    try {
      return assertDeskMove(m);
    } catch (e) {
      return (e as { code: string }).code;
    }
  };

  it('lets a desk team pass its own new report up to the kabupaten desk, nothing else', () => {
    expect(code(move())).toBe('pass_up');
    expect(code(move({}, { status: 'verified' }))).toBe('pass_up');
    expect(code(move({}, { desk: 'KAB' }))).toBe('DESK.NOT_YOUR_DESK');
    expect(code(move({ userDesk: null }, { desk: null }))).toBe('DESK.NOT_YOUR_DESK');
    expect(code(move({}, { status: 'dispositioned' }))).toBe('DESK.NOT_NEW');
    expect(code(move({ to: 'KEC-OLD' }))).toBe('DESK.UNKNOWN');
    expect(code(move({ to: null }))).toBe('DESK.UNKNOWN');
  });

  it('lets the verifikator move a new report to any active desk; other roles never', () => {
    expect(code(move({ role: 'verifikator', userDesk: null, to: 'KEC-KA' }, { desk: 'KAB' }))).toBe('move');
    expect(code(move({ role: 'verifikator', to: 'KEC-KA' }, { desk: 'KAB', status: 'in_progress' }))).toBe('DESK.NOT_NEW');
    expect(code(move({ role: 'camat' }))).toBe('DESK.NOT_ALLOWED');
    expect(code(move({ role: 'opd_officer' }))).toBe('DESK.NOT_ALLOWED');
    expect(code(move({ role: 'admin', to: 'KEC-KA' }, { status: 'closed' }))).toBe('move');
  });

  it('words the history row', () => {
    expect(deskMoveNote('pass_up', 'Meja Kecamatan Kayu Agung', 'Meja Kabupaten')).toBe('Diteruskan dari Meja Kecamatan Kayu Agung ke Meja Kabupaten.');
    expect(deskMoveNote('move', null, 'Meja Kecamatan Kayu Agung')).toBe('Dipindahkan ke Meja Kecamatan Kayu Agung.');
  });
});

describe('assertDeskNote: a desk team notes only its own desk\'s new reports', () => {
  const report = (status: Status, desk: string | null) => ({ ticket: 'ADU-2612-00007', status, desk });
  it('passes on its own desk while screening; refuses another desk, a report passed on, and a team without a desk', () => {
    expect(() => assertDeskNote(report('received', 'KEC-16.02.05'), 'KEC-16.02.05')).not.toThrow();
    expect(() => assertDeskNote(report('needs_info', 'KEC-16.02.05'), 'KEC-16.02.05')).not.toThrow();
    for (const [r, mine] of [[report('received', 'KAB'), 'KEC-16.02.05'], [report('dispositioned', 'KEC-16.02.05'), 'KEC-16.02.05'], [report('received', 'KEC-16.02.05'), null]] as const) {
      expect(() => assertDeskNote(r, mine), JSON.stringify([r, mine])).toThrow(/Catatan hanya dapat ditulis pada laporan baru di meja Anda; laporan ADU-2612-00007/);
    }
  });
});
