import { describe, expect, it } from 'vitest';
import { authorityFeatures } from './authority.ts';
import { features } from './classifier.ts';
import { normalizeText } from './normalize.ts';

const groups = (text: string) => authorityFeatures(normalizeText(text));

describe('authorityFeatures (matters the kabupaten has no authority over, by who does)', () => {
  it('names the authority of crimes, electricity, national roads, senior high schools and fuel, whatever the word form', () => {
    expect(groups('motor sy dicuri di parkiran masjid tadi subuh')).toEqual(['kew:polri']);
    expect(groups('hp sy dijambret di depan alfamart')).toEqual(['kew:polri']);
    expect(groups('ada peredaran sabu di lorong kami')).toEqual(['kew:polri']);
    expect(groups('pemadaman bergilir sampai 6 jam sehari')).toEqual(['kew:pln']);
    expect(groups('jalan nasional lintas timur km 60 berlubang')).toEqual(['kew:jalan_negara']);
    expect(groups('SMA negeri minta uang bangunan 3 juta')).toEqual(['kew:sekolah_provinsi']);
    expect(groups('pertalite di spbu kosong terus')).toEqual(['kew:bbm']);
  });

  it('leaves the kabupaten\'s own matters that share a word alone', () => {
    // A school without power is the school's; a fire that will not go out is the fire brigade's.
    expect(groups('sd gajah makmur gak ada listrik, komputer bantuan disimpan di lemari')).toEqual([]);
    expect(groups('lahan sawit terbakar udah 2 hari gak padam')).toEqual([]);
    expect(groups('jalan desa berlubang, motor jatuh')).toEqual([]);
  });

  it('enters a routing model as as many features as its config says, beside the words', () => {
    const f = features('motor sy dicuri', [], { bigrams: true, charNgrams: null, authority: 3 });
    expect(f).toEqual(expect.arrayContaining(['motor', 'curi', 'kew:polri', 'kew:polri#1', 'kew:polri#2']));
    expect(features('motor sy dicuri', [], { bigrams: true, charNgrams: null }).some((x) => x.startsWith('kew:'))).toBe(false);
  });
});
