import { describe, expect, it } from 'vitest';
import { ROLES, STATUSES } from '@kanal-aduan/core/statuses';
import { complaints } from '@kanal-aduan/schema/src/collections/reports.ts';
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
    // A desa office handles what is dispositioned to it like the Camat's office.
    expect(moves('dispositioned', 'kades')).toEqual(['stay:dispositioned', 'accept:in_progress', 'return:verified']);
    expect(moves('in_progress', 'kades')).toEqual(['stay:in_progress', 'resolve:resolved', 'return:verified']);
    expect(moves('verified', 'kades')).toEqual([]);
    expect(moves('received', 'opd_officer')).toEqual([]);
  });

  it('offers nothing to the pimpinan, on closed reports, or for an unknown status', () => {
    expect(moves('received', 'pimpinan')).toEqual([]);
    expect(moves('closed', 'verifikator')).toEqual([]);
    expect(moves('rejected', 'admin')).toEqual([]);
    expect(stepsFor(null, 'verifikator')).toEqual([]);
  });
});

describe('step hints', () => {
  it('name only fields the report form shows, by their Indonesian label', () => {
    const labels = new Set(complaints.fields.map((fp) => fp.meta?.translations?.find((t) => t.language === 'id-ID')?.translation));
    const named = new Set(STATUSES.flatMap((from) => ROLES.flatMap((role) => stepsFor(from, role))).flatMap((s) => [...s.hint.matchAll(/«([^»]+)»/g)].map((m) => m[1]!)));
    // «Diterima»-style status names in "Tetap «…»" are not fields; every other «…» must be one.
    const statusNames = new Set(STATUSES.map((st) => stepsFor(st, 'admin')[0]?.label.match(/«([^»]+)»/)?.[1]));
    const fieldsNamed = [...named].filter((n) => !statusNames.has(n));
    expect(fieldsNamed.length).toBeGreaterThan(0);
    expect(fieldsNamed.filter((n) => !labels.has(n))).toEqual([]);
  });

  it('tell the officer where the return reason and the resolution summary go', () => {
    const hint = (from: string, action: string) => stepsFor(from, 'opd_officer').find((s) => s.action === action)!.hint;
    expect(hint('dispositioned', 'return')).toMatch(/«Catatan untuk warga».*tidak dikirim ke warga/);
    expect(hint('in_progress', 'resolve')).toMatch(/ringkasan penyelesaian di «Catatan untuk warga»/);
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
