import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import { assertJoinable, isJoinedDuplicate, type JoinOriginal } from './join.ts';

const report = { id: 7, ticket: 'ADU-2612-00007' };
const original = (extra: Partial<JoinOriginal> = {}): JoinOriginal =>
  ({ id: 3, ticket: 'ADU-2612-00003', status: 'dispositioned', status_reason: null, duplicate_of_ticket: null, ...extra });
const codeOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return `${error.code}: ${error.message}`;
  }
};

describe('assertJoinable: the original a duplicate may follow', () => {
  it.each(['received', 'needs_info', 'verified', 'dispositioned', 'in_progress'] as const)('an open original (%s) is fine', (status) => {
    expect(codeOf(() => assertJoinable(report, 3, original({ status })))).toBeNull();
  });

  it('refuses the report itself', () => {
    expect(codeOf(() => assertJoinable(report, '7', original({ id: 7 })))).toMatch(/^COMPLAINT\.JOIN_SELF: Laporan ADU-2612-00007 tidak bisa digabungkan dengan dirinya sendiri/);
  });

  it('refuses a report that does not exist', () => {
    expect(codeOf(() => assertJoinable(report, 99, null))).toMatch(/^COMPLAINT\.JOIN_NOT_FOUND: Laporan asli \(id 99\) tidak ditemukan/);
  });

  it('points to the end of the chain when the chosen original was itself joined', () => {
    expect(codeOf(() => assertJoinable(report, 3, original({ status: 'rejected', status_reason: 'duplicate', duplicate_of_ticket: 'ADU-2612-00001' }))))
      .toBe('COMPLAINT.JOIN_CHAIN: Laporan ADU-2612-00003 sendiri sudah digabungkan ke ADU-2612-00001. Gabungkan laporan ADU-2612-00007 langsung ke ADU-2612-00001.');
  });

  it.each([
    ['resolved', null],
    ['closed', 'no_response'],
    ['rejected', 'spam'],
  ] as const)('refuses an original with no news left (%s)', (status, status_reason) => {
    expect(codeOf(() => assertJoinable(report, 3, original({ status, status_reason })))).toMatch(/^COMPLAINT\.JOIN_NOT_OPEN: Laporan ADU-2612-00003 sudah selesai atau ditutup/);
  });

  it('knows a joined duplicate by its status and reason', () => {
    expect(isJoinedDuplicate('rejected', 'duplicate')).toBe(true);
    expect(isJoinedDuplicate('rejected', 'spam')).toBe(false);
    expect(isJoinedDuplicate('verified', 'duplicate')).toBe(false);
  });
});
