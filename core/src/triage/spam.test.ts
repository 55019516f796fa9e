import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_SETTINGS, learnSpamWeights, spamScore } from './spam.ts';

const codes = (r: ReturnType<typeof spamScore>) => r.reasons.map((x) => x.code);

describe('spamScore', () => {
  it('passes a plain complaint', () => {
    const r = spamScore({ text: 'jln dpn kantor camat kayuagung berlubang gede, kmrn ada yg jatuh dr motor' });
    expect(r.level).toBe('ok');
    expect(r.score).toBe(0);
  });

  it('calls greetings, emoji and empty messages noise, unless a photo came with them', () => {
    expect(spamScore({ text: 'Assalamualaikum pak, selamat pagi' })).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY', weight: 0 }] });
    expect(spamScore({ text: '🙏🙏' }).reasons[0]?.code).toBe('EMPTY');
    expect(spamScore({ text: 'halo min mau lapor' }).level).toBe('noise');
    expect(spamScore({ text: 'banjir' }).reasons[0]?.code).toBe('TOO_SHORT');
    expect(spamScore({ text: 'banjir', hasAttachment: true }).level).toBe('ok');
  });

  it('flags gambling and loan promotions with links or numbers, explaining why in both languages', () => {
    const slot = spamScore({ text: 'SLOT GACOR hari ini maxwin, daftar di bit.ly/gacor88' });
    expect(slot.level).toBe('likely_spam');
    expect(codes(slot)).toEqual(expect.arrayContaining(['PROMO_LINK', 'GAMBLING']));
    const gambling = slot.reasons.find((x) => x.code === 'GAMBLING')!;
    expect(gambling.terms).toEqual(expect.arrayContaining(['slot', 'gacor', 'maxwin']));
    expect(gambling.detail_id).toContain('judi');
    expect(gambling.detail_en).toContain('gambling');
    const loan = spamScore({ text: 'pinjaman dana cair cepat tanpa jaminan, hubungi 0812-7788-9900' });
    expect(loan.level).toBe('likely_spam');
    expect(codes(loan)).toEqual(expect.arrayContaining(['LOAN_OFFER', 'CONTACT_NUMBER']));
  });

  it('does not treat a map link or one loan word in a real complaint as spam', () => {
    expect(spamScore({ text: 'jalan amblas disini https://maps.app.goo.gl/abc123 tolong dicek pak' }).level).toBe('ok');
    expect(spamScore({ text: 'sy diteror debt collector pinjol, data kontak sy disebar ke keluarga, mohon perlindungan' }).level).toBe('ok');
  });

  it('flags the scams that carry no gambling or loan word: chain letters, payment requests, easy money, disguised links', () => {
    const chain = spamScore({ text: 'WA ini akan ditutup jika tidak diteruskan ke 20 kontak, pesan resmi dari pusat' });
    expect(chain.level).toBe('likely_spam');
    expect(chain.reasons.find((x) => x.code === 'CHAIN_LETTER')).toMatchObject({ terms: ['diteruskan'] });
    expect(spamScore({ text: 'PENTING sebarkan ke 10 grup sebelum jam 12 malam' }).level).toBe('likely_spam');
    const paid = spamScore({ text: 'PROMO paket data 50gb cuma 25rb, transfer ke rek bri lalu kirim bukti tf ke admin' });
    expect(paid.level).toBe('likely_spam');
    expect(paid.reasons.find((x) => x.code === 'PAYMENT_REQUEST')!.terms).toEqual(expect.arrayContaining(['transfer ke rek', 'bukti tf']));
    const task = spamScore({ text: 'kami tim rekrutmen, kerja paruh waktu like video dibayar 50rb per tugas, minat balas YA' });
    expect(task.level).toBe('likely_spam');
    expect(task.reasons.find((x) => x.code === 'EASY_MONEY')!.terms).toEqual(expect.arrayContaining(['paruh waktu', 'jumlah per periode']));
    const phish = spamScore({ text: 'bantuan subsidi upah sudah cair, cek nama anda di bsu-kemnaker.id-cek.com' });
    expect(phish.level).toBe('likely_spam');
    expect(phish.reasons.find((x) => x.code === 'PHISHING_LINK')!.terms).toEqual(expect.arrayContaining(['bsu', 'kemnaker']));
    expect(codes(spamScore({ text: 'pak ini undangan nikah anak kami, buka filenya ya undangan.apk' }))).toContain('PHISHING_LINK');
  });

  it('keeps the citizen who reports such a scam, or asks whether a chain message is true', () => {
    for (const text of [
      'oknum petugas bansos di desa sukaraja minta transfer ke rek pribadinya 200rb biar nama kami masuk, bukti tf ada',
      'hati2 pak ada link bsu-kemnaker.id-cek.com beredar di grup desa, tetangga saya tertipu isi data',
      'apakah benar WA ditutup jika tidak diteruskan ke 20 kontak? banyak warga panik, mohon klarifikasi',
      'anak saya ditawari joki cpns dijamin lulus bayar 50jt, itu penipuan kan pak? tolong diusut',
      'bansos pkh belum masuk ke rekening kami sudah 3 bulan, padahal tetangga sudah cair',
    ]) expect(spamScore({ text }).level, text).toBe('ok');
  });

  it('flags a bare insult but not an angry citizen with a real problem', () => {
    expect(spamScore({ text: 'bupati goblok' }).level).toBe('likely_spam');
    expect(spamScore({ text: 'b4ngs4t l0 semua' }).level).toBe('likely_spam');
    const angry = spamScore({ text: 'jalan cintaraja rusak bangsat, udah lapor berkali2 gak ada yang peduli sama sekali' });
    expect(angry.level).toBe('ok');
    expect(codes(angry)).toContain('PROFANITY');
    expect(spamScore({ text: 'anjing liar menggigit dua anak di simpang balian, takut rabies' }).level).toBe('ok');
  });

  it('uses the caller\'s counts: floods from other numbers, rejected history, message rate', () => {
    const text = 'Sebarkan!!! besok ada razia besar2an di semua jalan';
    expect(spamScore({ text }).level).toBe('ok');
    expect(spamScore({ text, identicalFromOtherNumbers: 2 }).level).toBe('ok');
    const flood = spamScore({ text, identicalFromOtherNumbers: 12 });
    expect(flood.level).toBe('likely_spam');
    expect(flood.reasons[0]!.detail_id).toContain('12 nomor');
    const joke = 'bapak bupati ganteng kapan traktir warga makan';
    expect(spamScore({ text: joke, rejectedReports: 1 }).level).toBe('ok');
    expect(codes(spamScore({ text: joke, rejectedReports: 5 }))).toContain('REJECTED_HISTORY');
    // A citizen with many accepted reports keeps the benefit of the doubt.
    expect(spamScore({ text: joke, rejectedReports: 2, acceptedReports: 20 }).score).toBeLessThan(spamScore({ text: joke, rejectedReports: 2 }).score);
    expect(codes(spamScore({ text: joke, messagesLastHour: 45 }))).toContain('MESSAGE_RATE');
  });

  it('flags document-service, fertiliser-sale and agent-recruitment adverts', () => {
    const doc = spamScore({ text: 'jasa pembuatan sim ktp kk cepat tanpa antri, harga bersahabat, hubungi 0812-3434-5656' });
    expect(doc.level).toBe('likely_spam');
    expect(codes(doc)).toContain('DOCUMENT_SERVICE');
    expect(spamScore({ text: 'jual pupuk non subsidi murah, urea phonska stok banyak, cod pedamaran, wa 0852-6666-1234' }).level).toBe('likely_spam');
    expect(spamScore({ text: 'dicari agen pulsa dan token listrik, keuntungan besar, daftar gratis, klik link' }).level).toBe('likely_spam');
  });

  it('keeps real reports about fertiliser, a calo or a job fair out of "Mungkin spam"', () => {
    for (const text of [
      'pupuk subsidi langka di kios pedamaran, petani cuma dapat 1 karung, yg non subsidi dijual mahal',
      'pengecer jual pupuk subsidi di atas het, urea 150rb sekarung, tolong ditindak',
      'ada calo di depan kantor dukcapil nawarin jasa pembuatan ktp tanpa antri tapi bayar 300rb',
      'oknum pegawai minta uang 500rb utk jasa pengurusan akta kelahiran, katanya biar cepat',
      'bursa kerja kemarin daftar gratis tapi lowongan nya sudah ditutup semua, percuma datang',
    ]) expect(spamScore({ text }).level, text).toBe('ok');
  });

  it('takes thresholds as settings', () => {
    const text = 'promo diskon gratis ongkir order sekarang';
    expect(spamScore({ text }).level).toBe('likely_spam');
    expect(spamScore({ text }, { ...DEFAULT_SPAM_SETTINGS, spamThreshold: 0.95 }).level).toBe('ok');
  });
});

describe('learnSpamWeights', () => {
  it('learns from "bukan spam" to lower a term, without silencing other terms', () => {
    const w = learnSpamWeights([
      { text: 'anjing', verdict: 'not_spam' },
      { text: 'anjing gila', verdict: 'not_spam' },
      { text: 'anjing!!', verdict: 'not_spam' },
    ]);
    expect(w.terms['anjing']).toBe(0.25);
    expect(spamScore({ text: 'anjing' }).level).toBe('likely_spam');
    expect(spamScore({ text: 'anjing' }, DEFAULT_SPAM_SETTINGS, w).level).not.toBe('likely_spam');
    expect(spamScore({ text: 'bangsat' }, DEFAULT_SPAM_SETTINGS, w).level).toBe('likely_spam');
  });

  it('is a pure function of the feedback: confirmed spam raises what was lowered, and the order does not matter', () => {
    const fb = [
      { text: 'promo diskon', verdict: 'not_spam' as const },
      { text: 'promo diskon', verdict: 'spam' as const },
      { text: 'promo diskon ongkir', verdict: 'spam' as const },
    ];
    const a = learnSpamWeights(fb);
    expect(learnSpamWeights([...fb].reverse())).toEqual(a);
    expect(a.terms['promo']).toBe(1.5);
    expect(a.terms['ongkir']).toBe(2);
  });

  it('learns caller-count signals from the feedback\'s counts', () => {
    const w = learnSpamWeights([{ text: 'jalan rusak di depan sd cintaraja tolong diperbaiki', identicalFromOtherNumbers: 8, verdict: 'not_spam' }]);
    expect(w.signals.FLOOD).toBe(0.5);
    const text = 'lampu jalan cintaraja mati semua sudah seminggu';
    expect(spamScore({ text, identicalFromOtherNumbers: 8 }, DEFAULT_SPAM_SETTINGS, w).score).toBeLessThan(spamScore({ text, identicalFromOtherNumbers: 8 }).score);
  });
});
