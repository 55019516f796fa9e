import { describe, expect, it } from 'vitest';
import { agencyToLabel, labelToAgency, OWN_CAMAT, regionFeatures } from './agency-label.ts';

describe('agency labels', () => {
  it('trains the report\'s own Camat as one role and maps it back through the region', () => {
    expect(agencyToLabel('KEC-16.02.03', '16.02.03.2007')).toBe(OWN_CAMAT);
    expect(agencyToLabel('KEC-16.02.03', '16.02.05.1002')).toBe('KEC-16.02.03'); // another kecamatan's Camat stays itself
    expect(agencyToLabel('DPUPR', '16.02.03.2007')).toBe('DPUPR');
    expect(labelToAgency(OWN_CAMAT, '16.02.11.2004')).toBe('KEC-16.02.11');
    expect(labelToAgency(OWN_CAMAT, null)).toBeNull();
    expect(labelToAgency('DINKES', null)).toBe('DINKES');
  });

  it('gives the kecamatan as a feature when the region is known', () => {
    expect(regionFeatures('16.02.05.1002')).toEqual(['wil:16.02.05']);
    expect(regionFeatures('16.02')).toEqual([]);
    expect(regionFeatures(null)).toEqual([]);
  });
});
