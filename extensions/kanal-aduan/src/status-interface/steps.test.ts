import { describe, expect, it } from 'vitest';
import { companionValues, stepsFor } from './steps.ts';

const moves = (from: string, role: Parameters<typeof stepsFor>[1]) => stepsFor(from, role).map((s) => `${s.action}:${s.to}`);

describe('stepsFor', () => {
  it('offers the verifikator Verifikasi, Tunda and Tolak on a new report, after "keep"', () => {
    expect(moves('received', 'verifikator')).toEqual(['stay:received', 'verify:verified', 'request_info:needs_info', 'reject:rejected']);
    expect(moves('verified', 'verifikator')).toEqual(['stay:verified', 'dispose:dispositioned', 'reject:rejected']);
    expect(stepsFor('received', 'verifikator').map((s) => s.label)).toEqual([
      'Tetap «Diterima»', 'Verifikasi', 'Tunda: minta keterangan warga', 'Tolak',
    ]);
  });

  it('offers the OPD officer accept/return on a dispositioned report and nothing on a new one', () => {
    expect(moves('dispositioned', 'opd_officer')).toEqual(['stay:dispositioned', 'accept:in_progress', 'return:verified']);
    expect(moves('in_progress', 'camat')).toEqual(['stay:in_progress', 'resolve:resolved', 'return:verified']);
    expect(moves('received', 'opd_officer')).toEqual([]);
  });

  it('offers nothing to the pimpinan, on closed reports, or for an unknown status', () => {
    expect(moves('received', 'pimpinan')).toEqual([]);
    expect(moves('closed', 'verifikator')).toEqual([]);
    expect(moves('rejected', 'admin')).toEqual([]);
    expect(stepsFor(null, 'verifikator')).toEqual([]);
  });
});

describe('companionValues', () => {
  const step = (from: string, role: Parameters<typeof stepsFor>[1], action: string) => stepsFor(from, role).find((s) => s.action === action)!;

  it('fills «bukan wewenang» on a return', () => {
    expect(companionValues(step('dispositioned', 'opd_officer', 'return'), { status_reason: null }, { status_reason: null })).toEqual({ status_reason: 'not_authority' });
  });

  it('pre-fills the suggested agency on a disposition, keeps a chosen one', () => {
    const s = step('verified', 'verifikator', 'dispose');
    expect(companionValues(s, { suggested_agency: 'DPUPR', assigned_agency: null }, {})).toEqual({ assigned_agency: 'DPUPR' });
    expect(companionValues(s, { suggested_agency: { code: 'DPUPR' }, assigned_agency: 'DINKES' }, {})).toEqual({});
  });

  it('clears a reason that does not fit the chosen move and restores the originals on "keep"', () => {
    const reject = step('verified', 'verifikator', 'reject');
    expect(companionValues(reject, { status_reason: 'not_authority' }, { status_reason: 'not_authority' })).toEqual({ status_reason: null });
    expect(companionValues(reject, { status_reason: 'spam' }, {})).toEqual({});
    const stay = step('dispositioned', 'opd_officer', 'stay');
    expect(companionValues(stay, { status_reason: 'not_authority', assigned_agency: 'DPUPR' }, { status_reason: null, assigned_agency: 'DPUPR' })).toEqual({ status_reason: null });
    const verify = step('received', 'verifikator', 'verify');
    expect(companionValues(verify, { assigned_agency: 'DPUPR' }, { assigned_agency: null })).toEqual({ assigned_agency: null });
  });
});
