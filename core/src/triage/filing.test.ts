import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_SETTINGS, NEUTRAL_SPAM_WEIGHTS } from './spam.ts';
import { spamFeedbackFrom, spamSettingsFrom, textFingerprint, triageFiling, weightsFromJudged, type JudgedReport } from './filing.ts';
import { noiseReason } from './noise.ts';

describe('textFingerprint', () => {
  it('is the same for the same copy-paste typed with other case, spacing and emoji', () => {
    expect(textFingerprint('PROMO Slot gacor!!! daftar di gacor88.xyz 🔥🔥')).toBe(textFingerprint('promo slot   gacor daftar di gacor88.xyz'));
  });
  it('differs when the link or the story differs', () => {
    expect(textFingerprint('promo slot gacor daftar di gacor88.xyz')).not.toBe(textFingerprint('promo slot gacor daftar di gacor99.xyz'));
    expect(textFingerprint('Jalan berlubang di depan pasar')).not.toBe(textFingerprint('Jalan berlubang di depan sekolah'));
  });
});

describe('spamSettingsFrom', () => {
  it('reads the admins\' thresholds and keeps core defaults for missing or absurd values', () => {
    const s = spamSettingsFrom({ spam_threshold: 0.8, spam_flood_min: 5, spam_rate_max: null, spam_rejected_min: -3 });
    expect(s.spamThreshold).toBe(0.8);
    expect(s.floodMin).toBe(5);
    expect(s.rateMax).toBe(DEFAULT_SPAM_SETTINGS.rateMax);
    expect(s.rejectedMin).toBe(DEFAULT_SPAM_SETTINGS.rejectedMin);
    expect(spamSettingsFrom(null)).toEqual(DEFAULT_SPAM_SETTINGS);
  });
  it('a higher threshold keeps a borderline text out of "Mungkin spam"', () => {
    const input = { text: 'Promo pinjaman cepat cair tanpa jaminan hubungi 081234567890 sekarang juga' };
    const low = triageFiling(input, spamSettingsFrom({ spam_threshold: 0.3 }), NEUTRAL_SPAM_WEIGHTS);
    const high = triageFiling(input, spamSettingsFrom({ spam_threshold: 0.99 }), NEUTRAL_SPAM_WEIGHTS);
    expect(low.likely_spam).toBe(true);
    expect(high.likely_spam).toBe(false);
    expect(high.score).toBe(low.score);
  });
});

describe('triageFiling', () => {
  it('keeps the caller counts next to the score, so a verdict can be learnt from later', () => {
    const t = triageFiling({ text: 'Jalan berlubang di depan pasar Kayu Agung sudah sebulan', identicalFromOtherNumbers: 0, rejectedReports: 0, messagesLastHour: 4 }, DEFAULT_SPAM_SETTINGS, NEUTRAL_SPAM_WEIGHTS);
    expect(t.likely_spam).toBe(false);
    expect(t.signals).toEqual({ identicalFromOtherNumbers: 0, rejectedReports: 0, messagesLastHour: 4 });
  });
  it('a flood of the same text from other numbers is likely spam, with the reason', () => {
    const t = triageFiling({ text: 'Tolong bantu share ke semua grup ya berita penting hari ini', identicalFromOtherNumbers: 6 }, DEFAULT_SPAM_SETTINGS, NEUTRAL_SPAM_WEIGHTS);
    expect(t.likely_spam).toBe(true);
    expect(t.reasons.map((r) => r.code)).toContain('FLOOD');
  });
});

describe('verdicts from reports', () => {
  const dogs = (i: number): JudgedReport => ({ text: `Anjing liar menggigit anak di gang ${i} dekat masjid, mohon ditangani`, not_spam: true, status: 'received', status_reason: null, signals: {} });
  it('"bukan spam" is not_spam, rejected as spam is spam, other rows are no verdict', () => {
    const fb = spamFeedbackFrom([
      dogs(1),
      { text: 'slot gacor', not_spam: null, status: 'rejected', status_reason: 'spam', signals: { identicalFromOtherNumbers: 4 } },
      { text: 'jalan rusak parah', not_spam: null, status: 'rejected', status_reason: 'duplicate', signals: {} },
      { text: 'lampu mati', not_spam: false, status: 'verified', status_reason: null, signals: null },
    ]);
    expect(fb.map((f) => f.verdict)).toEqual(['not_spam', 'spam']);
    expect(fb[1]!.identicalFromOtherNumbers).toBe(4);
  });
  it('three "bukan spam" on a term lower its weight for the next report', () => {
    const w = weightsFromJudged([dogs(1), dogs(2), dogs(3)]);
    expect(w.terms['anjing']).toBeLessThan(1);
  });
});

describe('noiseReason', () => {
  it('greetings are noise, a greeting with a photo or a real story is not', () => {
    expect(noiseReason('Assalamualaikum pak, selamat pagi')).toBe('GREETING_ONLY');
    expect(noiseReason('🙏🙏')).toBe('EMPTY');
    expect(noiseReason('Selamat pagi pak', true)).toBeNull();
    expect(noiseReason('Selamat pagi pak, lampu jalan di depan masjid mati')).toBeNull();
  });
});
