import { HOOK_MANAGED_COMPLAINT_FIELDS } from '@kanal-aduan/schema/src/access.ts';
import { describe, expect, it } from 'vitest';
import { assertNoManagedFields, assertNoTransitionFields, MANAGED_COMPLAINT_FIELDS, TRANSITION_FIELDS } from './managed-fields.ts';

describe('managed complaint fields', () => {
  it('covers every field the status hook stamps (the officer policy must allow those, so the hook is what refuses them)', () => {
    for (const f of HOOK_MANAGED_COMPLAINT_FIELDS) {
      expect([...MANAGED_COMPLAINT_FIELDS, ...TRANSITION_FIELDS], f).toContain(f);
    }
  });

  it('refuses a field sent as null like one sent with a value, and lets absent fields through', () => {
    expect(() => assertNoManagedFields({ respond_due: null })).toThrow(expect.objectContaining({ code: 'COMPLAINT.MANAGED_FIELD', params: { fields: ['respond_due'] } }));
    expect(() => assertNoManagedFields({ reopen_count: 0, verified_at: null, title: 'x' }))
      .toThrow('Kolom verified_at, reopen_count diisi otomatis oleh sistem dan tidak dapat diubah secara manual.');
    expect(() => assertNoManagedFields({ title: 'x', respond_due: undefined })).not.toThrow();
    expect(() => assertNoManagedFields({ ticket: null }, ['ticket'])).not.toThrow();
  });

  it('refuses the intake\'s triage to everyone but admins and the service, except the verifikator\'s "bukan spam"', () => {
    expect(() => assertNoManagedFields({ likely_spam: false })).toThrow(expect.objectContaining({ code: 'COMPLAINT.MANAGED_FIELD', params: { fields: ['likely_spam'] } }));
    expect(() => assertNoManagedFields({ spam_reasons: [], duplicate_suggestion: null })).toThrow(expect.objectContaining({ code: 'COMPLAINT.MANAGED_FIELD' }));
    expect(() => assertNoManagedFields({ not_spam: true })).not.toThrow();
  });

  it('refuses the move record, cleared or forged', () => {
    expect(() => assertNoTransitionFields({ pending_transition: null })).toThrow(expect.objectContaining({ code: 'COMPLAINT.MANAGED_FIELD' }));
    expect(() => assertNoTransitionFields({ last_transition: { id: 'x' } })).toThrow(expect.objectContaining({ code: 'COMPLAINT.MANAGED_FIELD' }));
    expect(() => assertNoTransitionFields({ status: 'verified' })).not.toThrow();
  });
});
