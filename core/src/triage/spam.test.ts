import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_SETTINGS, learnSpamWeights, REPORTED_DAMPING, spamScore } from './spam.ts';

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

describe('spamScore: spam with no promotional word, and the reports that look like it', () => {
  const level = (text: string) => spamScore({ text }).level;
  const fired = (text: string) => codes(spamScore({ text }));

  it('flags a sales advert by its shape (item, price, a way to buy), not a citizen complaining about a price', () => {
    const land = spamScore({ text: 'DIJUAL CEPAT tanah kavling 10x20 pinggir jln lintas timur, SHM, harga 85jt nego. Serius hub 0821-4455-6677' });
    expect(land.level).toBe('likely_spam');
    expect(land.reasons.find((x) => x.code === 'SALE_OFFER')!.detail_id).toContain('85jt');
    expect(level('Over kredit Beat 2021 plat BG, angsuran 780rb sisa 14x, DP ganti 4jt aja. Surat lengkap. Yg butuh motor cepet japri')).toBe('likely_spam');
    expect(level('Pakan lele pelet apung harga miring per sak 50kg, sedia jg bibit lele. Bisa antar ke kolam, WA aja ya')).toBe('likely_spam');
    for (const text of [
      'minyakita di minimarket dkt terminal dijual 20rb pdhl HET 15.700, sdh sy foto. tolong dicek disperindag',
      'Saya jual karet 8rb/kg ke tengkulak, murah sekali. Tolong hubungi dinas perkebunan',
      'harga gas melon di pangkalan dijual 35rb, kalau protes katanya stok habis. Kel. Cintaraja',
    ]) {
      expect(level(text), text).toBe('ok');
    }
  });

  it('reads a masked number (0821-xxxx-6677) as a number, as the digits would be in real traffic', () => {
    expect(fired('Dijual tanah kavling harga 85jt nego, hub 0821-xxxx-6677')).toContain('CONTACT_NUMBER');
  });

  it('flags a mass notice in an institution\'s name asking for an action or credentials, not a citizen\'s letter', () => {
    const ikd = spamScore({ text: 'DUKCAPIL: Segera aktivasi IKD anda paling lambat besok. Balas dgn nama lengkap, NIK, nama ibu kandung dan kode OTP yg masuk' });
    expect(ikd.level).toBe('likely_spam');
    expect(codes(ikd)).toContain('MASS_NOTICE');
    expect(level('Pemberitahuan: akun BNI Mobile anda terblokir sementara. Verifikasi data anda sekarang agar saldo tdk hangus')).toBe('likely_spam');
    expect(level('Yth Bapak Bupati, mohon segera diverifikasi data bansos kami, NIK kami tidak terdaftar padahal sudah lapor ke desa')).toBe('ok');
    expect(level('Min, sy dpt SMS rekening anda diblokir disuruh klik link, sy terlanjur isi PIN, saldo hilang 2,3 jt. tolong pak')).toBe('ok');
  });

  it('flags a calo\'s document service by its shape, and keeps the citizen who reports the calo', () => {
    expect(level('Jasa buat paspor kilat 3 hari jadi, tdk perlu wawancara. Dokumen kami urus semua. Harga bersahabat')).toBe('likely_spam');
    expect(level('Bantu urus KTP, KK, akta hilang, SIM tanpa tes. Gak usah antri ke kantor, tinggal terima jadi')).toBe('likely_spam');
    expect(level('di depan kantor Disdukcapil ada org nawarin jasa urus KTP jadi 1 hari tanpa antri bayar 300rb, tolong calo nya ditertibkan')).toBe('ok');
  });

  it('flags paranormal services, and keeps the family swindled by a dukun', () => {
    expect(fired('Pelet jarak jauh, penglaris usaha, pengasihan. Mbah Joyo siap bantu, mahar seikhlasnya')).toContain('PARANORMAL');
    expect(level('Pesugihan putih tanpa tumbal, dana gaib cair 2 miliar dlm 3 hari. Khusus org serius')).toBe('likely_spam');
    expect(level('Bapak saya ketipu dukun pengganda uang, sdh kasih 40 juta. Skrg dukunnya ngilang. Bisa dilaporkan kemana?')).toBe('ok');
    expect(level('harga pelet ikan naik terus, pembudidaya lele di desa kami rugi, mohon bantuan pakan')).toBe('ok');
  });

  it('flags a campaign broadcast, and keeps the report of a campaign breach', () => {
    expect(level('Mohon doa & dukungannya, pilih nomor 3 Caleg DPRD dapil 2. Coblos fotonya ya 14 Feb!')).toBe('likely_spam');
    expect(level('kepala sekolah ngumpulin guru buat ngarahkan pilih caleg tertentu, kasih kaos & amplop. Bukannya ASN harus netral?')).toBe('ok');
    expect(level('rambu batas kecepatan di jalan cahya bumi ketutup baliho caleg')).toBe('ok');
  });

  it('flags a devotional broadcast that asks nothing, not a request that blesses', () => {
    expect(level('Renungan pagi: hidup bukan tentang berapa banyak yg kau miliki tapi seberapa banyak kau bersyukur. Selamat beraktivitas, Tuhan memberkati')).toBe('likely_spam');
    expect(level('Kami pengurus masjid mohon bantuan perbaikan jalan menuju masjid, tiap hujan jamaah lansia kesulitan lewat. Semoga menjadi amal jariyah, pahala bapak')).toBe('ok');
    expect(level('Alhamdulillah jalan desa kami sudah diaspal, terima kasih pak bupati, semoga pahala mengalir, barakallah')).toBe('ok');
  });

  it('flags a love-life joke with laughter, not a love-life word in a real report', () => {
    expect(level('lapor pak bupati, ada mantan saya jalan sama cowok lain di alun alun, tolong ditangkap skrg juga wkwkwk 🤣')).toBe('likely_spam');
    expect(level('anak sy umur 5 taun dibawa kabur mantan suami sejak cerai, sy gak boleh ketemu sama sekali 😭')).toBe('ok');
    expect(level('jalan rusak parah kayak hati saya wkwk, sudah 3 tahun gak diperbaiki')).toBe('ok');
  });

  it('flags keyboard mashing and one word repeated, but not shorthand, a real word or a cry for help', () => {
    expect(spamScore({ text: 'jskdhfkjsdh aaaa ppppppp kkkkk' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'KEYBOARD_MASH' }] });
    expect(level('🤣🤣 wkwkwkwk asdfghjkl jfjfjfjf hahahaha')).toBe('likely_spam');
    expect(level('tes\ntes\ntes\ntes 123\ntes')).toBe('likely_spam');
    expect(level('trmksh pak')).not.toBe('likely_spam');
    expect(level('tolong tolong tolong tolong tolong')).not.toBe('likely_spam');
    expect(level('banjir banjir banjir banjir banjir')).not.toBe('likely_spam');
  });

  it('reads donation pleas with an account to pay into, and keeps the pungli report that names an account', () => {
    expect(level('Mohon bantuan bapak ibu dermawan, anak kami sakit jantung butuh biaya operasi 120jt. Donasi bs ke rek BRI 1234xxxx a.n. Siti')).toBe('likely_spam');
    expect(level('Lapor pak, PTSL di desa kami dipungut 1,5jt per bidang, disuruh transfer ke rekening pribadi pak kades BRI 1234xxxx')).toBe('ok');
  });

  it('keeps the citizen who reports betting he sees: "taruhan" is not an advert word', () => {
    expect(level('Setiap minggu ada sabung ayam pake taruhan di kebun karet dkt desa kami, rame sampe mobil parkir di pinggir jln bikin macet. Mohon aparat turun')).toBe('ok');
    expect(level('SLOT GACOR malam ini, depo 10rb bisa wd jutaan, bonus new member')).toBe('likely_spam');
  });

  it('does not read a hoax\'s own "jangan sampai jadi korban" as a citizen reporting it', () => {
    expect(level('WASPADA!! Ada penculikan anak pakai mobil ambulans putih di daerah kita. Sebarkan ke semua grup, jangan sampai jadi korban!!!')).toBe('likely_spam');
    expect(level('debt collector pinjol sebar foto KTP adik saya ke semua kontak, dia diteror tiap hari, tolong pak')).toBe('ok');
  });

  it('does not hold a link against the citizen who reports it, nor a village\'s own .desa.id site', () => {
    const reported = spamScore({ text: 'ada yg sebar link bansos-kemensos-cek.blogspot.com di grup, minta isi NIK. itu palsu kan pak?' });
    expect(reported.level).toBe('ok');
    expect(reported.reasons.find((x) => x.code === 'PROMO_LINK')!.weight).toBeCloseTo(DEFAULT_SPAM_SETTINGS.weights.PROMO_LINK * REPORTED_DAMPING, 3);
    expect(fired('website desa kami sukaraja.desa.id tidak bisa dibuka sudah sebulan')).not.toContain('PROMO_LINK');
    // A phishing host keeps the name it borrows even under a free hosting domain.
    expect(spamScore({ text: 'Cek nama penerima BLT di bansos-kemensos-cek.blogspot.com' }).reasons.find((x) => x.code === 'PHISHING_LINK')?.terms).toEqual(expect.arrayContaining(['bansos', 'kemensos']));
  });

  it('dampens every offer signal by the same factor when the message reports it', () => {
    const advert = spamScore({ text: 'jasa pembuatan sim ktp kk cepat' }).reasons.find((x) => x.code === 'DOCUMENT_SERVICE')!.weight;
    const report = spamScore({ text: 'ada calo nawarin jasa pembuatan sim ktp kk cepat' }).reasons.find((x) => x.code === 'DOCUMENT_SERVICE')!.weight;
    expect(report).toBeCloseTo(advert * REPORTED_DAMPING, 3);
  });
});

describe('spamScore: noise', () => {
  it('reads questions about the line, an introduction and a promise of photos as noise, not a report', () => {
    for (const text of [
      'Izin bertanya pak, nomor ini utk pengaduan masyarakat ya? Apakah dibalas langsung oleh admin?',
      'maaf ganggu pak, sebentar saya ketik dulu laporannya',
      'Min, laporan saya kemarin sdh diterima belum? blm ada balasan',
      'Malam pak, saya warga Desa Lubuk Seberuk, nanti saya kirim foto2 nya ya',
    ]) expect(spamScore({ text }), text).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
  });

  it('reads regional greetings as greetings', () => {
    for (const text of ['Sugeng enjing pak, nyuwun sewu badhe matur', 'Punten, sampurasun', 'Horas pak', 'Tabik pun']) expect(spamScore({ text }).level, text).toBe('noise');
  });

  it('keeps a report that mentions the line or a desa', () => {
    for (const text of [
      'laporan saya kemarin belum ditindaklanjuti, jalan di desa kami masih rusak',
      'Malam pak, desa kami banjir',
      'Malam pak, saya warga Desa Lubuk Seberuk, lampu jalan mati sebulan',
    ]) expect(spamScore({ text }).level, text).toBe('ok');
  });
});

describe('spamScore: the third blind set\'s errors, mended as rules', () => {
  const level = (text: string) => spamScore({ text }).level;
  const fired = (text: string) => codes(spamScore({ text }));

  it('keeps one gambling word in a story with nothing that sells it, in any language, and still flags the advert', () => {
    // Javanese: the Indonesian report words (resah, razia, …) do not reach it.
    expect(level('Nyuwun sewu pak, wonten lapak togel teng mburi balai desa, saben dalu rame tiyang masang')).toBe('ok');
    expect(level('togel hongkong malam ini, prediksi jitu 4d, pasang di bandar terpercaya, link di bio')).toBe('likely_spam');
    expect(level('prediksi togel paling jitu malam ini, langsung pasang lewat 0812-3344-5566')).toBe('likely_spam');
  });

  it('reads an .apk file by its name, not the citizen who names the kind of file', () => {
    expect(level('Pak, ada nomor 0813-2222-4455 kirim file .apk ke ibu2 pengajian, dua orang saldonya hilang. Mohon diteruskan ke polres')).toBe('ok');
    expect(fired('Selamat siang, ini surat tilang elektronik kendaraan anda. Buka file berikut: Surat Tilang.apk')).toContain('PHISHING_LINK');
    expect(level('Halo kak, kurir nih, alamatnya gak ketemu, cek foto paketnya di lampiran ya 📎 Foto_Paket.apk')).toBe('likely_spam');
  });

  it('reads a greeting typed without vowels as a greeting, not keyboard mashing', () => {
    for (const text of ['Asslmkm', 'Wsslmkm']) expect(spamScore({ text }).level, text).toBe('noise');
    expect(level('jskdhfkjsdh')).toBe('likely_spam');
    expect(level('asdfghjkl qwrtypsdf')).toBe('likely_spam');
  });

  it('reads the wish to complain, with no complaint yet, as noise, and keeps the complaint', () => {
    for (const text of ['pak sy mau menyampaikan keluhan, boleh?', 'selamat pagi, saya mau menyampaikan keluhan masyarakat']) expect(spamScore({ text }), text).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    expect(level('sy mau menyampaikan keluhan, air PDAM mati 3 hari di desa kami')).toBe('ok');
  });

  it('flags a long row of emoji with no word, not thanks or a few emoji, nor emoji in a report', () => {
    expect(spamScore({ text: '😂😂😂😂😂😂😂😂🤣🤣' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'KEYBOARD_MASH' }] });
    expect(level('🐸🐸🐸🎈🎈🎈🎉🎉🎉')).toBe('likely_spam');
    expect(level('🙏🙏🙏🙏🙏🙏🙏🙏🙏')).toBe('noise');
    expect(level('😂😂')).toBe('noise');
    expect(level('banjir lagi 😭😭😭😭😭😭😭😭😭 rumah kami terendam sampai lutut')).toBe('ok');
  });

  it('flags a civil-service seat sold as a sure thing (seat, guarantee, payment), not the citizen who asks or reports it', () => {
    expect(spamScore({ text: 'Bisa bantu lolos seleksi PPPK guru, dijamin masuk, bayar 40% di awal sisanya stlh pengumuman' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'EASY_MONEY', terms: ['kursi asn dijamin'] }] });
    expect(level('Ada oknum di kantor janji anak saya pasti lulus PPPK kalau bayar 60jt, tolong diusut pak')).toBe('ok');
    expect(level('pak apakah benar PPPK tahun ini bisa dijamin lulus kalau bayar 50jt? banyak yg bilang begitu di desa kami')).toBe('ok');
    expect(level('kapan pendaftaran cpns dibuka pak, biaya daftar berapa?')).toBe('ok');
  });

  it('reads a courier\'s name in a link as borrowed, and a link under a new TLD as a link, not a citizen reporting one', () => {
    const courier = spamScore({ text: 'Paket COD atas nama penerima di nomor ini dibatalkan, konfirmasi di sicepat-konfirmasi.xyz dalam 2 jam' });
    expect(courier.level).toBe('likely_spam');
    expect(courier.reasons.find((x) => x.code === 'PHISHING_LINK')?.terms).toContain('sicepat');
    expect(fired('connect wallet di koinku-presale.io sekarang')).toContain('PROMO_LINK');
    expect(fired('konfirmasi pembatalan lewat jnt-batal.help')).toContain('PHISHING_LINK');
    expect(level('ada sms ngaku dari JNE suruh klik jne-resi.xyz, saya curiga penipuan, tolong diumumkan ke warga')).toBe('ok');
    expect(level('paket sembako dari kurir desa blm sampai ke rumah lansia, info di sukamaju.desa.id tidak diperbarui')).toBe('ok');
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

describe('spamScore: the fourth blind set\'s errors, mended as rules', () => {
  const level = (text: string) => spamScore({ text }).level;
  const fired = (text: string) => codes(spamScore({ text }));

  it('reads thanks with a wish, regional greetings and waiting for the follow-up as noise, and keeps the report', () => {
    for (const text of ['Makasih pak, semoga sehat salalu', 'Tabe\' puang', 'punten bade ngadukeun', 'Oke pak, ditunggu tindak lanjutnya 🙏']) {
      expect(spamScore({ text }), text).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    }
    expect(level('terima kasih pak, semoga jalan di desa kami segera diperbaiki, sudah 2 tahun rusak')).toBe('ok');
    expect(level('laporan saya bulan lalu belum ditindaklanjuti, lampu jalan depan SD masih mati')).toBe('ok');
  });

  it('flags a dukun\'s talismans, not a report that names one', () => {
    expect(spamScore({ text: 'Bisa dibantu dgn jimat dan air rajah, jarak jauh pun bisa, konsultasi dulu' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'PARANORMAL' }] });
    expect(level('Pak, makam keramat di desa kami dibongkar orang cari jimat, nisan2 rusak')).toBe('ok');
  });

  it('flags a crypto giveaway or coin presale, not a citizen\'s electricity token', () => {
    expect(level('Airdrop USDT gratis utk pendaftar pertama, connect wallet sekarang juga')).toBe('likely_spam');
    expect(level('KOIN BARU listing minggu depan, presale cuma 0,001 USDT')).toBe('likely_spam');
    expect(level('token listrik yang saya beli 100rb tidak masuk ke meteran, sudah 3 hari gelap')).toBe('ok');
  });

  it('flags a lender\'s own offer, not a citizen whose loan was refused', () => {
    expect(level('Koperasi kami membuka pinjaman utk pedagang pasar, angsuran ringan, hub 0812-5566-7788')).toBe('likely_spam');
    expect(level('pengajuan pinjaman KUR saya ditolak bank padahal usaha sudah jalan 3 tahun, angsuran lama lancar')).toBe('ok');
  });

  it('reads "kami … menawarkan" as the sender\'s offer, and "ada sales menawarkan" as a report', () => {
    const offer = spamScore({ text: 'Kami dari PT Maju Jaya menawarkan seragam dinas, harga khusus utk instansi, katalog di majujaya-seragam.shop, hubungi 0812-7788-9900' });
    expect(offer.level).toBe('likely_spam');
    expect(offer.reasons.find((x) => x.code === 'PROMO_LINK')!.weight).toBe(DEFAULT_SPAM_SETTINGS.weights.PROMO_LINK);
    expect(level('ada sales menawarkan alat semprot ke kelompok tani dengan harga khusus, ternyata barangnya palsu, petani rugi')).toBe('ok');
  });

  it('reads an e-wallet number as the account a plea asks to pay into', () => {
    expect(spamScore({ text: 'bantu seikhlasnya utk biaya berobat ibu kami, via dana 0812-3456-7890' })).toMatchObject({ level: 'likely_spam', reasons: expect.arrayContaining([expect.objectContaining({ code: 'PAYMENT_REQUEST', terms: ['seikhlasnya', 'nomor rekening tujuan'] })]) });
    expect(level('di kantor desa urus surat pindah diminta bayar seikhlasnya, kalau kasih sedikit diomelin')).toBe('ok');
  });

  it('flags a rally invitation for a candidate, not the report of officials at one', () => {
    expect(level('Hadiri deklarasi dukungan calon bupati Minggu pagi di lapangan desa, ada doorprize')).toBe('likely_spam');
    expect(level('kepala desa dan perangkat ikut deklarasi dukungan calon bupati pakai mobil dinas, bukannya harus netral?')).toBe('ok');
    expect(level('baliho caleg dan calon bupati menutupi rambu di simpang tiga, bahaya')).toBe('ok');
  });

  it('flags an insult that names no problem, with or without a swear word, not the angry citizen who names one', () => {
    expect(spamScore({ text: 'pejabat pemda makan gaji buta semua, muka tembok' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'PROFANITY' }] });
    expect(level('bupati goblok, makan gaji buta doang kerjaannya')).toBe('likely_spam');
    expect(level('🐒🐒🖕🖕')).toBe('likely_spam');
    expect(spamScore({ text: '💩💩', hasAttachment: true }).level).toBe('ok');
    expect(level('Pak kades kerjanya cuma tidur, kantor desa tutup terus, mau urus surat pengantar harus ke rumahnya. Dasar pemalas!')).toBe('ok');
    expect(level('pegawai dinas makan gaji buta, jalan di dusun kami rusak 3 tahun tidak diperbaiki')).toBe('ok');
  });

  it('flags a forwarded hoax (its source, the truth kept from you, the call to spread it), not a citizen asking about one', () => {
    const hoax = spamScore({ text: 'Fw: PLN dilarang mengumumkan pemadaman total 3 hari minggu depan, siapkan lilin' });
    expect(hoax).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'HOAX_FORWARD', terms: ['fw', 'dilarang mengumumkan'] }] });
    expect(level('Minum rebusan daun sirsak sembuhkan kanker, dokter menutup-nutupi. Sebarkan sblm dihapus!')).toBe('likely_spam');
    expect(level('Pak, di grup beredar pesan sebarkan sebelum dihapus, katanya air PDAM beracun. Benar tidak?')).toBe('ok');
    expect(level('tolong pak teruskan ke dinas PU, jembatan di dusun 3 sudah miring dan papannya bolong')).toBe('ok');
  });

  it('flags adult-content bait, not a report about a video going round', () => {
    expect(fired('Video syur viral tanpa sensor 🔞 nonton di vid-viral.site')).toContain('ADULT_BAIT');
    expect(level('Video syur viral tanpa sensor 🔞 nonton di vid-viral.site')).toBe('likely_spam');
    expect(level('beredar video syur oknum guru SMP di grup WA, orang tua resah, mohon ditindak')).toBe('ok');
  });

  it('flags a relative on a new number asking for money, not a citizen writing from a new number', () => {
    expect(spamScore({ text: 'Pak ini aku, ganti nomor, hp lama hilang. tolong transfer 500rb dulu ya nanti kuganti' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'PAYMENT_REQUEST', terms: ['nomor baru minta uang'] }] });
    expect(level('hp saya hilang pak, ini nomor baru saya, laporan jalan rusak kemarin tolong dikabari ke nomor ini')).toBe('ok');
    expect(level('dana PIP anak saya tidak di transfer, padahal nomor baru rekening sudah didaftarkan ke sekolah')).toBe('ok');
  });

  it('reads keys in a keyboard row as mashing, and an amount range with both units as an amount', () => {
    expect(spamScore({ text: 'asdfgh qwe 88' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'KEYBOARD_MASH' }] });
    expect(level('Kerja dari hp, gaji 150rb-500rb/hari, minat balas YA')).toBe('likely_spam');
    expect(level('upah buruh sawit cuma 50rb-70rb per hari, tolong pemda atur upah minimum')).toBe('ok');
  });
});

describe('spamScore: the fifth blind set\'s errors, mended as rules', () => {
  const level = (text: string) => spamScore({ text }).level;
  const fired = (text: string) => codes(spamScore({ text }));
  const sure = (...words: string[]) => ({ probability: 0.99, words });

  it('does not let the learned signal alone hide a complaint, in Indonesian or English; it still counts alone elsewhere, and in full when the lexicon agrees', () => {
    const english = 'The drain in front of the market on Jl. Merdeka is broken and the road floods every time it rains. Please fix it, thank you';
    expect(spamScore({ text: english, learned: sure('the', 'is', 'and') }).level).toBe('ok');
    expect(spamScore({ text: 'mohon dicek pak, lampu penerangan di gang masjid mati sudah dua minggu', learned: { probability: 0.95, words: ['gang'] } }).level).toBe('ok');
    const damped = spamScore({ text: english, learned: sure('the') }).reasons.find((r) => r.code === 'LEARNED_TEXT')!;
    expect(damped.weight).toBeCloseTo(0.8 * 0.99 * REPORTED_DAMPING, 3);
    expect(spamScore({ text: 'Info dr grup: minum air kelapa campur garam tiap pagi bisa sembuhkan diabetes dalam 3 hari', learned: sure('sembuh') }).level).toBe('likely_spam');
    // "mohon" in a mass notice: the lexicon's own weak signal agrees, and the learned one is not damped.
    const notice = 'Pelanggan yth, mohon lengkapi data diri anda agar hadiah poin bisa diproses';
    expect(level(notice)).toBe('ok');
    expect(spamScore({ text: notice, learned: sure('poin') }).level).toBe('likely_spam');
  });

  it('damps the learned signal in a citizen\'s report of a scam he quotes, even when the quoted scam trips a lexicon signal', () => {
    const scam = 'Anda terpilih dapat bantuan tunai 3jt, klaim di bansos-tunai-cair.com';
    const report = `Pak, di grup RT beredar pesan: '${scam}'. Banyak warga yang sudah isi data, mohon diusut`;
    const withLearned = spamScore({ text: report, learned: sure('klaim', 'bantuan') });
    expect(codes(withLearned)).toContain('PROMO_LINK');
    expect(withLearned.reasons.find((r) => r.code === 'LEARNED_TEXT')!.weight).toBeCloseTo(0.8 * 0.99 * REPORTED_DAMPING, 3);
    expect(withLearned.level).toBe('ok');
    // The scam itself, sent bare, is still hidden.
    expect(spamScore({ text: scam, learned: sure('klaim', 'bantuan') }).level).toBe('likely_spam');
  });

  it('does not let the learned signal read noise, which it was never trained on', () => {
    expect(spamScore({ text: 'min, ini benar nomor layanan aduan?', learned: { probability: 0.9, words: ['nomor'] } })).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY', weight: 0 }] });
    expect(spamScore({ text: 'kak mampir ke bio ya', learned: { probability: 0.9, words: ['bio'] } }).level).toBe('likely_spam');
  });

  it('reads a citizen asking whether a message he received is true as reporting it, not the message itself', () => {
    expect(level('Pak, saya dapat SMS: Selamat anda terpilih menerima bantuan sembako, klaim di bansos-pemkab-klaim.com. Benar tidak ini dari pemkab?')).toBe('ok');
    expect(level('Selamat anda terpilih menerima bantuan sembako dari pemkab, klaim di bansos-pemkab-klaim.com sebelum hari Jumat')).toBe('likely_spam');
    expect(level('apakah benar pendaftaran bantuan sembako dibuka di kantor desa? kami belum dapat info')).toBe('ok');
  });

  it('reads not knowing how to begin a report as noise, and keeps the report that names its problem', () => {
    expect(spamScore({ text: 'punten pak, saya mau lapor sesuatu tapi bingung mulainya dari mana' })).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    expect(level('warga bingung mau lapor ke mana, jalan desa rusak parah sejak musim hujan mulai')).toBe('ok');
    expect(level('ada sesuatu yang aneh di sungai, airnya berbusa dan ikan mati')).toBe('ok');
  });

  it('reads one letter held beside mashed keys as more mashing, not a word', () => {
    expect(spamScore({ text: 'sdfghjk nnn mmmm' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'KEYBOARD_MASH' }] });
    expect(level('jalan berlubang hhh, motor saya jatuh di depan pasar')).toBe('ok');
  });

  it('flags apps that pay for installing them and bringing others in, and earnings with the period first', () => {
    expect(level('Install aplikasi ini, HP kamu jadi mesin uang! Masukkan kode undangan AB12 dan dapat bonus, cek bit.ly/uangmudah')).toBe('likely_spam');
    expect(level('warga dipaksa install aplikasi mesin uang oleh oknum perangkat desa, katanya dapat bonus, mohon ditindak')).toBe('ok');
    expect(spamScore({ text: 'Kerja santai dari rumah, sehari bisa 200rb, daftar di bit.ly/kerjasantai' }).reasons.find((r) => r.code === 'EASY_MONEY')?.terms).toEqual(['jumlah per periode']);
    expect(level('Kerja santai dari rumah, 1 hari 75rb langsung cair ke dana, daftar di bit.ly/kerjasantai')).toBe('likely_spam');
    expect(spamScore({ text: 'listrik padam 2 hari, rugi 500rb karena es di warung saya cair semua, tolong PLN' }).score).toBe(0);
    expect(level('buruh sawit dibayar cuma 1 hari 50rb, padahal UMK sudah naik, mohon dinas tenaga kerja cek')).toBe('ok');
  });

  it('reads falling in love, with laughter, as a prank "report"; not without it', () => {
    expect(fired('lapor pak, kambing saya jatuh cinta sama sapi tetangga wkwkwk tolong dinikahkan')).toContain('PRANK');
    expect(level('anak saya jatuh cinta dengan pria yang baru dikenal lewat fb lalu dibawa kabur, mohon bantuan')).toBe('ok');
  });
});

describe('spamScore: the sixth blind set\'s errors, mended as rules', () => {
  const level = (text: string) => spamScore({ text }).level;
  const fired = (text: string) => codes(spamScore({ text }));

  it('keeps a citizen who names a gambling advert as a thing he wants taken down, and still flags the advert', () => {
    expect(level('Di pertigaan pasar ada spanduk judi online slot gacor maxwin, kok dibiarkan? Tolong dicopot')).toBe('ok');
    expect(level('slot gacor maxwin hari ini, daftar sekarang di bit.ly/gacor88')).toBe('likely_spam');
  });

  it('reads a joke about the bupati\'s looks beside something broken as a report told with a laugh, not a prank', () => {
    expect(level('Bu bupati cantik deh 😍 tapi lebih cantik lagi kalo jalan di dusun kami gak berlubang wkwk, tiap hujan banjir')).toBe('ok');
    expect(level('bapak bupati ganteng wkwkwk kapan traktir')).toBe('likely_spam');
  });

  it('reads whether the line is on, a photo still to come, news awaited and a Minang greeting as noise, and keeps the report', () => {
    for (const text of ['Nomor ini aktif kan pak? saya mau menyampaikan laporan', 'Bentar ya bu, saya fotoin dulu lokasinya', 'Siap pak, ditunggu kabarnya ya', 'Assalamualaikum, ba a kaba pak? ambo nio melapor']) {
      expect(spamScore({ text }), text).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    }
    expect(level('lokasi banjir di depan SD 2 Celikah, air setinggi lutut, anak2 tidak bisa sekolah')).toBe('ok');
  });

  it('reads keys typed back along a row as mashing, from four keys', () => {
    expect(spamScore({ text: 'lkjhgf jjjjj poiuy' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'KEYBOARD_MASH' }] });
    expect(level('dsa')).toBe('noise');
  });

  it('reads a gambling word written in digits as the advert\'s, not one gambling word in a citizen\'s story', () => {
    expect(spamScore({ text: 'tiap hari m4xw1n di s1tus k4m1, ketik DAFTAR aja bos' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'GAMBLING' }] });
    expect(level('warung di pojok pasar jadi tempat main slot, bapak2 nongkrong sampai subuh')).toBe('ok');
  });

  it('flags a request for an OTP in whoever\'s name, not the citizen told of one nor a warning', () => {
    expect(spamScore({ text: 'Kami petugas pendataan bantuan, mohon sebutkan kode OTP yg masuk ke HP bapak/ibu agar data valid' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'MASS_NOTICE', terms: ['minta kode rahasia', 'otp'] }] });
    expect(level('Ada yg telpon ngaku petugas bank minta sebutkan kode OTP, tetangga saya kehilangan 5jt')).toBe('ok');
    expect(level('mohon diumumkan ke warga: jangan berikan kode OTP ke siapapun yang mengaku petugas')).toBe('ok');
  });

  it('flags a bank\'s unsolicited credit offer, not a citizen\'s loan terms', () => {
    expect(level('Penawaran KTA bank, limit s/d 200jt, tenor 3 thn, minat balas YA')).toBe('likely_spam');
    expect(level('cicilan KUR saya tenornya 3 tahun tapi bank tagih lunas sekarang, tolong dibantu')).toBe('ok');
  });

  it('flags togel numbers sold as sure, not a road that goes through', () => {
    expect(spamScore({ text: 'Angka jitu 4D malam ini dijamin tembus, hub 0812-1111-2222' })).toMatchObject({ level: 'likely_spam', reasons: expect.arrayContaining([expect.objectContaining({ code: 'GAMBLING' })]) });
    expect(level('jalan tembus ke desa sebelah rusak parah, tidak bisa dilewati mobil')).toBe('ok');
  });

  it('reads "1 jtan" as a price, so an advert with a seller\'s word and a number is an advert', () => {
    expect(fired('Dijual kavling siap bangun, cicilan mulai 2 jtan, hub 0812-3333-4444')).toContain('SALE_OFFER');
    expect(level('Dijual kavling siap bangun, cicilan mulai 2 jtan, hub 0812-3333-4444')).toBe('likely_spam');
    expect(level('gabah kami cuma dibeli 5 ribuan sekilo, dijual ke tengkulak rugi, mohon pemda bantu')).toBe('ok');
  });

  it('flags a plea for participation and a fee paid up front, not a citizen who names one', () => {
    expect(level('mohon partisipasi sponsor 3jt utk lomba tingkat nasional, transfer ke rek panitia')).toBe('likely_spam');
    expect(level('Pinjaman cair 50jt, biaya admin dibayar di muka, hub 0812-5555-6666')).toBe('likely_spam');
    expect(level('sekolah mohon partisipasi wali murid utk perpisahan 300rb, padahal sdh ada dana BOS')).toBe('ok');
  });

  it('flags miracle cosmetics, not a report of them sold', () => {
    expect(level('Krim glowing & whitening, testimoni ribuan, order sekarang')).toBe('likely_spam');
    expect(level('krim pemutih berbahaya dijual bebas di pasar, mohon BPOM razia')).toBe('ok');
  });

  it('flags a stranger\'s opener, not a student on KKN who introduces himself before his report', () => {
    expect(spamScore({ text: 'hai kak, boleh kenalan? lagi cari teman ngobrol nih 😊' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'STRANGER_BAIT' }] });
    expect(level('Halo min, salam kenal, saya mahasiswa KKN, mau lapor posyandu di desa ini belum dapat PMT 4 bulan')).toBe('ok');
  });
});

describe('spamScore: the seventh blind set\'s errors, mended as rules', () => {
  const level = (text: string) => spamScore({ text }).level;
  const sure = (...words: string[]) => ({ probability: 0.99, words });

  it('reads a customer who tells of the promotion he answered as a complaint, and still flags the promotion', () => {
    expect(level('Ada promo pasang baru wifi desa, sy daftar bulan lalu sdh bayar 250rb ke teknisinya tapi sampai sekarang belum dipasang')).toBe('ok');
    expect(level('Promo pasang baru wifi desa, daftar bulan ini cukup bayar 250rb, info hub admin')).toBe('likely_spam');
  });

  it('keeps an English resident who names what is blocked or flooded from the learned signal alone, and still flags an English scam', () => {
    expect(spamScore({ text: 'Hello, I live near the market in Kayuagung. The culvert under the school road has been clogged since October and the yard is flooded. Could someone from the office check it?', learned: sure('the', 'has') }).level).toBe('ok');
    expect(spamScore({ text: 'Hello dear, I am a banker from London with a proposal worth 2 million USD for you. Kindly reply with your full name and bank details', learned: sure('dear', 'kindly') }).level).toBe('likely_spam');
  });

  it('reads a Sundanese question whether one can report here as noise, and keeps the Sundanese report', () => {
    expect(spamScore({ text: 'Punten, bade naros, tiasa lapor di dieu?' })).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    expect(level('Punten, jalan di lembur abdi ruksak parah, mobil teu tiasa lewat')).toBe('ok');
  });

  it('reads short thanks for what was done as noise, and keeps the thanks that goes on to what is still wanted', () => {
    for (const text of ['Alhamdulillah pak, lampu jalannya sudah dipasang, makasih 👍', 'matur nuwun bu, sampahnya sudah diangkut']) {
      expect(spamScore({ text }), text).toMatchObject({ level: 'noise', reasons: [{ code: 'GREETING_ONLY' }] });
    }
    expect(level('makasih pak jalannya sudah diperbaiki, tapi gorong2nya masih mampet')).toBe('ok');
    expect(level('terima kasih, jembatan sudah diperbaiki. Sekarang tiang listrik di depan SD roboh')).toBe('ok');
  });

  it('reads a stake and what it turns into as an easy-money promise, not a price that fell', () => {
    expect(spamScore({ text: 'arisan online amanah, setor 300rb tiap minggu nanti dapet 1,2jt, chat aku ya' }).reasons.find((r) => r.code === 'EASY_MONEY')?.terms).toEqual(['arisan online', 'modal berlipat']);
    expect(level('arisan online amanah, setor 300rb tiap minggu nanti dapet 1,2jt, chat aku ya')).toBe('likely_spam');
    expect(level('harga karet dari 9rb jadi 6rb sekilo, petani rugi, modal pupuk tidak kembali, mohon pemda bantu')).toBe('ok');
    expect(level('Di desa kami ada arisan online, setor 5jt katanya dapat 10jt, banyak ibu2 ikut, mohon dicek legal tidak')).toBe('ok');
  });

  it('reads "lapor" with a pitch to the reader as a fake complaint\'s cover, and keeps the citizen who reports the offer', () => {
    expect(level('Lapor bu, ada promo paket umroh murah di travel kami, diskon akhir tahun, yuk daftar')).toBe('likely_spam');
    expect(level('Lapor bu, ada promo paket umroh murah di travel dekat pasar, diskon akhir tahun katanya, tapi izinnya tidak jelas')).toBe('ok');
    expect(level('lapor pak, ada koperasi nawarin modal 1jt jadi 3jt, ayo gabung katanya, warga sudah banyak yang setor')).toBe('ok');
    expect(level('lapor pak, ada arisan online di desa kami, setor 5jt dapat 10jt, banyak warga ikut')).toBe('ok');
    expect(level('Lapor pak, ada yang jual minyak goreng murah 10rb sekilo di pasar, info dari grup, buruan dicek takutnya oplosan')).toBe('ok');
  });

  it('flags money asked for now with the reader kept from checking, not the citizen who tells of such a call', () => {
    expect(spamScore({ text: 'Bu, sy perawat puskesmas, suami ibu jatuh dari motor dan perlu dijahit. Obatnya harus ditransfer sekarang 3jt ke rek saya. Jgn telp dulu, bapak lagi diperiksa' }).reasons.find((r) => r.code === 'PAYMENT_REQUEST')?.terms).toContain('minta uang, jangan dicek');
    expect(level('Bu, sy perawat puskesmas, suami ibu jatuh dari motor dan perlu dijahit. Obatnya harus ditransfer sekarang 3jt ke rek saya. Jgn telp dulu, bapak lagi diperiksa')).toBe('likely_spam');
    expect(level('Ibu saya ditelpon orang ngaku perawat, katanya bapak kecelakaan, disuruh transfer 3jt ke rek dia dan jangan telp siapa2. Untung sempat cek')).toBe('ok');
  });

  it('flags a payment to be confirmed to the sender himself, not a citizen who confirmed his', () => {
    expect(level('Seluruh RT wajib pesan seragam linmas 350rb per stel. Transfer ke rek CV Maju, konfirmasi ke saya')).toBe('likely_spam');
    expect(level('Sy sudah transfer iuran BPJS ke rek resmi dan sudah konfirmasi ke petugas, tapi status masih menunggak')).toBe('ok');
  });

  it('reads a citizen who tells what he transferred as a customer, not as a request for money', () => {
    expect(level('Sy sudah transfer pajak motor ke rek Samsat 0123456789, tolong konfirmasi ke saya kalau sudah masuk')).toBe('ok');
    expect(level('Pajak motor dibayar ke rek Samsat 0123456789, transfer ke rek ini lalu konfirmasi ke saya')).toBe('likely_spam');
  });

  it('flags a selfie with one\'s KTP asked of the reader, not the citizen who tells of such a request', () => {
    expect(level('Dlm rangka pemutakhiran data bansos, silakan kirim foto KK dan selfie pegang KTP ke nomor ini, batas hari ini')).toBe('likely_spam');
    expect(level('Petugas desa minta warga kirim selfie pegang KTP lewat WA, katanya utk bansos, apa benar?')).toBe('ok');
    expect(level('Mohon segera kirim petugas, sy kirim selfie di lokasi, air sudah sepinggang')).toBe('ok');
  });

  it('reads a deadline of today as a mass notice\'s threat, not a citizen\'s due date', () => {
    expect(level('Yth pelanggan, tagihan anda jatuh tempo hari ini, lunasi agar tidak diputus')).toBe('likely_spam');
    expect(level('sppt pbb saya belum dibagikan padahal sudah mau jatuh tempo, mohon dicek')).toBe('ok');
  });

  it('reads "Pembayaran melalui rek …" with the account number as a payment request, not a citizen\'s payment at the bank', () => {
    expect(spamScore({ text: 'Pendaftaran dibuka. Pembayaran melalui rek BNI 0391284765 a.n. Panitia Daerah' }).reasons.find((r) => r.code === 'PAYMENT_REQUEST')?.terms).toEqual(['nomor rekening tujuan']);
    expect(codes(spamScore({ text: 'pembayaran PBB saya di bank BRI sudah lunas tapi masih ditagih lagi' }))).not.toContain('PAYMENT_REQUEST');
  });

  it('flags a household errand meant for the family, not a citizen who opens with "Pa" or names a problem', () => {
    expect(spamScore({ text: 'Mah, aku udh di stasiun, jemput ya, hp mau mati' })).toMatchObject({ level: 'likely_spam', reasons: [{ code: 'WRONG_NUMBER' }] });
    expect(level('Dek nanti pulang jgn lupa beliin beras 5kg sama minyak ya')).toBe('likely_spam');
    expect(level('Ma, tiap jemput anak sekolah kami lewat jalan desa yang berlubang, mohon diperbaiki')).toBe('ok');
    expect(level('Ayah sy dirawat di RSUD, ambulans desa gak mau jemput pulang')).toBe('ok');
    expect(level('Pa, ambulans desa teu daek jemput pasien ti lembur abdi')).toBe('ok');
    expect(level('Mas, lampu jalan di gang mati, tiap pulang kerja saya jemput anak lewat situ gelap sekali')).toBe('ok');
  });

  it('learns a "bukan spam" on a family errand on its words, as other lexicon signals do, not on the signal', () => {
    const w = learnSpamWeights([{ text: 'Mah, aku udh di stasiun, jemput ya', verdict: 'not_spam' }]);
    expect(w.terms['jemput']).toBe(0.5);
    expect(w.signals.WRONG_NUMBER).toBeUndefined();
  });

  it('reads amounts typed "35rebu" and "1jt-an" as prices, so an advert with a seller\'s word and a way to buy is an advert', () => {
    expect(level('Aya promo pulsa murah, 10rebu wungkul, nu minat japri')).toBe('likely_spam');
    expect(level('DIJUAL kavling dekat pasar, cicilan 1jt-an flat, hub 0812-3390-1111')).toBe('likely_spam');
    expect(level('harga beras di pasar naik jadi 15rebu sekilo, padahal panen raya, mohon operasi pasar')).toBe('ok');
  });

  it('reads a loan offer, a stranger\'s opener and an advert as they are typed, not the citizen who names them', () => {
    expect(level('sing butuh dana cepet tanpa agunan monggo japri')).toBe('likely_spam');
    expect(level('hai kak, boleh kenalan? lg nyari temen ngobrol nih')).toBe('likely_spam');
    expect(level('Obat kuat herbal asli, dijamin mantap, pesan sebelum habis stok, murah')).toBe('likely_spam');
    expect(level('bantuan modal usaha kami belum cair, katanya dana cepet turun tapi sudah 3 bulan')).toBe('ok');
    expect(level('kios di terminal jual obat kuat tanpa izin ke anak sekolah, mohon ditertibkan')).toBe('ok');
  });

  it('reads earnings with two verbs ("sehari bisa dapat 300rb"), profit promised as sure and trading signals as easy money, not a victim who tells of them', () => {
    expect(spamScore({ text: 'Kerja santai dr HP, sehari bisa dapat 300rb' }).reasons.find((r) => r.code === 'EASY_MONEY')?.terms).toEqual(['jumlah per periode']);
    expect(level('Investasi kebun kopi cepat untung, modal 5jt balik 2x lipat, hubungi sy')).toBe('likely_spam');
    expect(level('Sinyal forex akurat, tinggal ikuti, free trial seminggu, chat aku')).toBe('likely_spam');
    expect(level('Bapak sy ikut investasi yg katanya cepat untung, ternyata penipuan, uang 20jt hilang, mohon diusut')).toBe('ok');
  });
});
