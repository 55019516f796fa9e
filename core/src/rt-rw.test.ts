import { describe, expect, it } from 'vitest';
import { rtRwOf, withoutRtRw } from './rt-rw.ts';

describe('rtRwOf', () => {
  it.each([
    ['Jalan rusak di RT 03 RW 05 desa Sukadana', '003', '005'],
    ['gang mawar rt.3/rw.5', '003', '005'],
    ['RT/RW 003/005 Kel. Cintaraja', '003', '005'],
    ['RT/RW: 12/4', '012', '004'],
    ['alamat RT 003/005', '003', '005'],
    ['dekat masjid rt3rw5', '003', '005'],
    ['RT:07, RW:02', '007', '002'],
    ['di RT 11 saja', '011', null],
    ['wilayah rw 09', null, '009'],
  ])('%s → RT %s, RW %s', (text, rt, rw) => {
    expect(rtRwOf(text)).toEqual({ rt, rw });
  });

  it('finds none where a text names none: "pak RT", "ART", zero, four digits, a date after RT n/m', () => {
    for (const text of ['sudah lapor ke pak RT tapi belum ada tindakan', 'ibu RT bilang tunggu', 'ART 5 orang', 'RT 0', 'RT 1234', 'Lampu mati sejak 3/5']) {
      expect(rtRwOf(text), text).toEqual({ rt: null, rw: null });
    }
    // "RT 3/5/2024" is not RT/RW 3/5: only the RT is taken.
    expect(rtRwOf('RT 3/5/2024')).toEqual({ rt: '003', rw: null });
  });

  it('takes each from the first text that names it: the address before the story', () => {
    expect(rtRwOf('RT 02', 'di RT 09 RW 04 ada genangan')).toEqual({ rt: '002', rw: '004' });
    expect(rtRwOf(null, undefined, '', 'RW 1')).toEqual({ rt: null, rw: '001' });
  });
});

describe('withoutRtRw', () => {
  it('drops the numbered units and keeps the rest, "pak RT" included', () => {
    expect(withoutRtRw('Got tersumbat di RT 3 RW 5 Sukadana').replace(/\s+/g, ' ')).toBe('Got tersumbat di Sukadana');
    expect(withoutRtRw('RT/RW 003/005, rt3rw5 dan rt.4').trim().replace(/\s+/g, ' ')).toBe(', dan');
    expect(withoutRtRw('pak RT tidak peduli')).toBe('pak RT tidak peduli');
  });
});
