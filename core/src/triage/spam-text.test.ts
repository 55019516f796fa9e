import { describe, expect, it } from 'vitest';
import { MIN_SPAM_TEXT_EXAMPLES, readSpamText, trainSpamText } from './spam-text.ts';
import { spamScore } from './spam.ts';

// A kind of advert the lexicon does not know: car rental.
const spam = [
  'rental mobil lepas kunci avanza xenia harian, antar jemput bandara',
  'sewa mobil lepas kunci atau dengan sopir, innova avanza, harga harian',
  'rental mobil kayuagung palembang, avanza innova, lepas kunci bisa',
  'sedia rental mobil harian mingguan, lepas kunci, antar jemput',
  'sewa avanza lepas kunci harian, bisa antar ke bandara',
  'rental mobil murah meriah innova reborn, dengan sopir atau lepas kunci',
  'melayani sewa mobil harian untuk mudik dan wisata, avanza xenia',
  'rental mobil lepas kunci, syarat ktp asli, antar jemput gratis',
  'sewa mobil pengantin dan harian, avanza innova fortuner',
  'rental mobil 24 jam, lepas kunci, avanza xenia brio',
];
const reports = [
  'jalan di desa sukaraja berlubang besar, sudah ada yang jatuh dari motor',
  'lampu jalan di simpang tiga mati sejak seminggu, gelap sekali malam hari',
  'sampah di pasar kayuagung menumpuk tidak diangkut tiga hari, bau sekali',
  'bantuan pkh ibu saya belum cair padahal namanya ada di daftar',
  'air pdam mati sejak kemarin pagi di kelurahan paku',
  'guru honorer di sd negeri 3 belum terima gaji dua bulan',
  'jembatan kayu di dusun dua lapuk, anak sekolah takut lewat',
  'ktp elektronik saya belum jadi sejak tiga bulan lalu',
  'drainase di jalan lintas mampet, setiap hujan air masuk rumah',
  'puskesmas tutup jam sepuluh pagi padahal banyak pasien antre',
];

describe('the learned spam text signal', () => {
  it('learns nothing until the desk has enough verdicts on both sides', () => {
    expect(trainSpamText([...spam.slice(0, MIN_SPAM_TEXT_EXAMPLES - 1).map((text) => ({ text, spam: true })), ...reports.map((text) => ({ text, spam: false }))])).toBeNull();
    expect(trainSpamText([...spam.map((text) => ({ text, spam: true })), ...reports.slice(0, 5).map((text) => ({ text, spam: false }))])).toBeNull();
  });

  it('reads a new message of a kind the desk rejected before as spam, with the words that drove it, and a report as a report', () => {
    const model = trainSpamText([...spam.map((text) => ({ text, spam: true })), ...reports.map((text) => ({ text, spam: false }))], new Date('2026-12-01T00:00:00Z'))!;
    const scam = readSpamText(model, 'sewa mobil lepas kunci avanza harian, bisa antar jemput');
    expect(scam.probability).toBeGreaterThan(0.9);
    expect(scam.words.length).toBeGreaterThan(0);
    const report = readSpamText(model, 'jalan berlubang di depan sd negeri 5, mohon segera diperbaiki');
    expect(report.probability).toBeLessThan(0.5);
    expect(report.words).toEqual([]);

    // In the score: the lexicon alone lets this wording through; the desk's own verdicts flag it, and say why.
    const text = 'rental mobil lepas kunci innova xenia, harian atau mingguan';
    expect(spamScore({ text }).level).toBe('ok');
    const scored = spamScore({ text, learned: readSpamText(model, text) });
    expect(scored.level).toBe('likely_spam');
    expect(scored.reasons.find((r) => r.code === 'LEARNED_TEXT')!.detail_id).toContain('ditolak sebagai spam');
    // Below learnedMin the reading does not count.
    expect(spamScore({ text, learned: { probability: 0.7, words: ['video'] } }).reasons.map((r) => r.code)).not.toContain('LEARNED_TEXT');
  });
});
