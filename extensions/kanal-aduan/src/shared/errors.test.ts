import { isDirectusError } from '@directus/errors';
import { assertTransition, DomainError } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { toDirectusError } from './errors.ts';

describe('toDirectusError', () => {
  it('turns a refused transition into a 400 INVALID_PAYLOAD whose message is the Indonesian sentence', () => {
    let caught: unknown;
    try {
      assertTransition('received', 'resolved', 'verifikator');
    } catch (e) {
      caught = toDirectusError(e);
    }
    expect(isDirectusError(caught, 'INVALID_PAYLOAD')).toBe(true);
    const err = caught as { status: number; message: string; extensions: Record<string, unknown> };
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^Status laporan tidak dapat diubah/);
    expect(err.extensions['domain_code']).toBe('COMPLAINT.BAD_TRANSITION');
  });

  it('turns "not your agency" into 403 FORBIDDEN', () => {
    const err = toDirectusError(new DomainError('COMPLAINT.NOT_YOUR_AGENCY', 'Laporan ADU-2611-00001 tidak ditugaskan ke instansi Anda.'));
    expect(isDirectusError(err, 'FORBIDDEN')).toBe(true);
    expect((err as Error).message).toBe('Laporan ADU-2611-00001 tidak ditugaskan ke instansi Anda.');
  });

  it('leaves other errors alone', () => {
    const e = new Error('db down');
    expect(toDirectusError(e)).toBe(e);
  });
});
