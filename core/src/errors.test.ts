import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries a stable code, params and an Indonesian message', () => {
    const err = new DomainError('COMPLAINT.NO_ROUTE', 'Tidak ada OPD tujuan.', { category: 'JALAN' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DomainError');
    expect(err.code).toBe('COMPLAINT.NO_ROUTE');
    expect(err.params).toEqual({ category: 'JALAN' });
    expect(err.message).toBe('Tidak ada OPD tujuan.');
  });

  it('isDomainError narrows by code', () => {
    const err = new DomainError('TEMPLATE.MISSING', 'x');
    expect(isDomainError(err)).toBe(true);
    expect(isDomainError(err, 'TEMPLATE.MISSING')).toBe(true);
    expect(isDomainError(err, 'COMPLAINT.NO_ROUTE')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
