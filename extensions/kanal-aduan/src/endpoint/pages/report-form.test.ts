import { describe, expect, it } from 'vitest';
import type { Category, Region } from '@kanal-aduan/core';
import { EMPTY_VALUES, maskedPhone, reportFormModel } from './report-form.ts';

const cat = (code: string, name: string, sort: number | null, active = true): Category =>
  ({ code, name, name_en: `${name} (en)`, description: null, keywords: null, default_agency: null, sla_policy: null, active, sort });
const region = (code: string, name: string, level: Region['level'], parent: string | null): Region => ({ code, name, level, parent });
const REF = {
  categories: [cat('B', 'Sampah', 2), cat('A', 'Jalan', 1), cat('Z', 'Lama', 0, false)],
  regions: [
    region('16.02.05', 'Kayu Agung', 'kecamatan', '16.02'), region('16.02.01', 'Air Sugihan', 'kecamatan', '16.02'), region('16.02.09', 'Kosong', 'kecamatan', '16.02'),
    region('16.02.05.1008', 'Sukadana', 'kelurahan', '16.02.05'), region('16.02.05.2001', 'Anyar', 'desa', '16.02.05'), region('16.02.01.2001', 'Banyu Biru', 'desa', '16.02.01'),
  ],
};
const limits = { minDescription: 20, maxPhotos: 3, maxMb: 5 };

describe('reportFormModel', () => {
  it('offers active categories in their order, kecamatan by name, each with its own villages; a kecamatan without villages gets no group', () => {
    const m = reportFormModel(REF, { locale: 'id', values: { ...EMPTY_VALUES, desa: '16.02.05.2001' }, limits });
    expect(m.categories.map((c) => c.name)).toEqual(['Jalan', 'Sampah']);
    expect(m.kecamatans.map((k) => k.name)).toEqual(['Air Sugihan', 'Kayu Agung', 'Kosong']);
    expect(m.desaGroups).toEqual([
      { kecamatan: '16.02.01', label: 'Air Sugihan', options: [{ code: '16.02.01.2001', name: 'Banyu Biru', selected: false }] },
      { kecamatan: '16.02.05', label: 'Kayu Agung', options: [{ code: '16.02.05.2001', name: 'Anyar', selected: true }, { code: '16.02.05.1008', name: 'Sukadana (kel.)', selected: false }] },
    ]);
    expect(m.descriptionHint).toBe('Apa yang terjadi, sejak kapan, dan di mana persisnya. Minimal 20 karakter.');
  });

  it('speaks English, and shows a pin given before', () => {
    const m = reportFormModel(REF, { locale: 'en', values: { ...EMPTY_VALUES, latitude: '-3.37', longitude: '104.83' }, limits });
    expect(m.categories[0]!.name).toBe('Jalan (en)');
    expect(m.pinText).toBe('Location pinned: -3.37, 104.83');
    expect(m.photosHint).toContain('Up to 3 JPG, PNG or WebP photos, each at most 5 MB');
  });
});

describe('maskedPhone', () => {
  it('shows enough of the number to recognise it, not to copy it', () => {
    expect(maskedPhone('+6281234567890')).toBe('0812••••890');
    expect(maskedPhone('+6281234567890')).not.toContain('3456');
  });
});
