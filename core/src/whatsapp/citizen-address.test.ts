import { describe, expect, it } from 'vitest';
import { citizenChanges, phoneForWaId } from './citizen-address.ts';

describe('phoneForWaId', () => {
  it('a wa_id is the E.164 number without "+"; a username user has none', () => {
    expect(phoneForWaId('6281234567890')).toBe('+6281234567890');
    expect(phoneForWaId('ID.1502576394655843')).toBeNull();
  });
});

describe('citizenChanges', () => {
  it('takes a new name or number, never blanks a known name', () => {
    expect(citizenChanges({ display_name: 'Siti', phone: '+62812' }, '', null)).toEqual({});
    expect(citizenChanges({ display_name: 'Siti', phone: null }, 'Siti A.', '+62812')).toEqual({ display_name: 'Siti A.', phone: '+62812' });
  });
});
