// Word lists the spam score matches, kept as data so admins (and the
// feedback weights of spam.ts) can tune them without touching the rules.
// Entries are lowercase and already in normalised spelling (see
// normalize.ts); a phrase matches on whole words.

/**
 * Insults and profanity: Indonesian, Javanese (jancok, asu, raimu), Sundanese
 * (kehed, anjir), Palembang/Malay (pantek, kimak, cibai). Animal words
 * ("anjing", "babi", "monyet", "asu") are also real report content ("anjing
 * liar menggigit", "babi hutan merusak kebun"), so they are listed as
 * `ambiguous` and weigh less; a long message with real content dampens all of
 * them (spam.ts).
 */
export const PROFANITY = {
  strong: [
    'bangsat', 'goblok', 'goblog', 'tolol', 'kampret', 'jancok', 'jancuk', 'dancok', 'cok', 'cuk', 'bajingan', 'keparat',
    'brengsek', 'bedebah', 'kontol', 'memek', 'ngentot', 'entot', 'pepek', 'pantek', 'pukimak', 'puki', 'kimak', 'cibai',
    'lonte', 'perek', 'sundel', 'jembut', 'bacot', 'bangke', 'bangkai', 'kunyuk', 'raimu', 'matamu', 'cocot', 'kehed',
    'anjrit', 'anjir', 'taik', 'tai', 'laknat', 'dajjal', 'idiot', 'bego', 'geblek', 'sinting', 'edan', 'sialan',
  ],
  ambiguous: ['anjing', 'asu', 'babi', 'monyet', 'setan', 'iblis', 'kerbau', 'kadal', 'tikus'],
} as const;

/** Online gambling ("judol") advertising. */
export const GAMBLING_TERMS = [
  'slot', 'judi online', 'judol', 'gacor', 'maxwin', 'max win', 'togel', 'scatter', 'rtp', 'jackpot', 'jp paus', 'deposit',
  'wd', 'withdraw', 'link alternatif', 'pragmatic', 'zeus', 'olympus', 'mahjong ways', 'casino', 'kasino', 'parlay', 'sbobet',
  'gates of olympus', 'starlight princess', 'freebet', 'bosku', 'new member', 'anti blokir',
  // Togel numbers sold as sure ("angka jitu 4D, dijamin tembus"): a citizen's "jalan tembus" is a road, not a number.
  'angka jitu', 'bocoran angka', '4d', 'dijamin tembus',
  // Not "taruhan" (a bet): it is the word of a citizen reporting betting he sees ("sabung ayam pake taruhan",
  // "judi kartu pake taruhan"); the adverts sell slot and togel with the words above.
] as const;

/** Illegal online lending ("pinjol") offers. A complaint about pinjol harassment also says "pinjol", so alone it weighs little. */
export const LOAN_TERMS = [
  'pinjol', 'pinjaman online', 'pinjaman dana', 'dana cepat', 'cair cepat', 'langsung cair', 'tanpa agunan', 'tanpa jaminan',
  'bunga rendah', 'tanpa bi checking', 'bi checking', 'tanpa survei', 'proses cepat', 'syarat mudah', 'cukup ktp',
  // A lender's own offer ("KSP … membuka pinjaman usaha utk pedagang"); a citizen refused a KUR says "pengajuan pinjaman".
  'membuka pinjaman', 'buka pinjaman', 'angsuran ringan', 'cicilan ringan',
  // A bank's unsolicited credit offer by chat: "penawaran KTA, limit 300 jt tenor 5 thn". KTA is kredit tanpa agunan.
  'kta', 'kredit tanpa agunan', 'tenor',
  // As it is typed in Java: "dana cepet cair tanpa agunan" (cepet: cepat).
  'dana cepet', 'cair cepet',
] as const;

/** Commercial promotion. */
export const PROMO_TERMS = [
  'promo', 'diskon', 'gratis ongkir', 'ongkir', 'cashback', 'bonus', 'daftar sekarang', 'klik', 'link', 'order', 'jual',
  'dijual', 'murah', 'harga spesial', 'hubungi', 'info lebih lanjut', 'fast respon', 'fast respons', 'reseller', 'dropship',
  'investasi', 'profit', 'cuan', 'followers', 'subscribe', 'endorse', 'giveaway', 'hadiah', 'pemenang', 'selamat anda',
  'undian', 'chat admin', 'terpercaya', 'member baru', 'kerja dari rumah', 'penghasilan tambahan', 'kuota terbatas',
  'stok terbatas', 'buruan',
  // Sales and recruitment as they reach the line: "jual pupuk non subsidi … stok banyak, cod",
  // "dicari agen pulsa, keuntungan besar, daftar gratis". A farmer's complaint about scarce
  // fertiliser says "langka", "mahal", "kios", not "cod" or "stok banyak".
  'cod', 'stok banyak', 'ready stok', 'ready stock', 'harga bersahabat', 'harga terjangkau', 'dicari agen', 'buka agen',
  'keuntungan besar', 'daftar gratis', 'peluang usaha', 'bisnis sampingan', 'tanpa antri', 'tanpa antre',
  // Network marketing and miracle cures: "peluang bisnis herbal jaringan, join cuma 350rb … bonus sponsor",
  // "sembuh total dlm 7 hari tanpa efek samping, sdh ribuan testimoni".
  'peluang bisnis', 'bisnis jaringan', 'bonus sponsor', 'bonus jaringan', 'jadi leader', 'hak usaha', 'tanpa efek samping', 'sembuh total',
  'testimoni', 'testi', 'harga promo',
  // Miracle cosmetics, the beauty side of "sembuh total": "kulit glowing dalam 7 hari, paket whitening".
  'glowing', 'whitening', 'pemutih', 'pelangsing',
  // A supplier's offer to the office: "harga khusus untuk pemesanan kelompok tani dan dinas. Katalog lengkap: …".
  'harga khusus', 'katalog',
  // Potency pills, always sold ("obat kuat herbal asli … dijamin"), the hurry of an advert ("pesan sebelum habis
  // stok"), and its imperative "Dapatkan …" ("Dapatkan pemutihan denda 100% HANYA HARI INI"). A citizen who reports
  // such pills sold asks for action ("mohon ditertibkan"), which damps.
  'obat kuat', 'sebelum habis', 'sebelum kehabisan', 'dapatkan',
  // A trial offered, and the seller's "cheap and cheerful" ("Pembuatan website desa … murah meriah").
  'free trial', 'gratis trial', 'murah meriah',
] as const;

/**
 * Offers to make identity documents or licences for a fee: the "jasa
 * pembuatan SIM/KTP/KK tanpa antri" adverts that calo spread. A citizen who
 * reports such a calo names the calo or the extortion (see
 * DOCUMENT_SERVICE_COMPLAINT), and that dampens the signal.
 */
export const DOCUMENT_SERVICE_TERMS = [
  'jasa pembuatan', 'jasa pengurusan', 'jasa urus', 'jasa bikin', 'terima pembuatan', 'terima pengurusan', 'melayani pembuatan',
  'melayani pengurusan', 'bisa bantu urus', 'sim tembak',
] as const;

/** Words of a citizen reporting a document calo rather than advertising one. */
export const DOCUMENT_SERVICE_COMPLAINT = ['calo', 'pungli', 'oknum', 'dimintai', 'dipungut', 'diperas', 'ditawari', 'ditawarin', 'nawarin', 'menawarkan'] as const;

/** Words of greeting and courtesy: a message made only of these (and stopwords) is "noise", not a report. */
export const GREETING_WORDS = [
  'halo', 'hallo', 'helo', 'hai', 'hi', 'hei', 'hey', 'pagi', 'siang', 'sore', 'malam', 'selamat', 'assalamualaikum',
  'warahmatullahi', 'wabarakatuh', 'waalaikumsalam', 'salam', 'permisi', 'tes', 'test', 'ping', 'p', 'admin', 'bapak', 'ibu',
  'terima', 'kasih', 'maaf', 'mohon', 'tolong', 'izin', 'bertanya', 'tanya', 'mau', 'ingin', 'lapor', 'melapor', 'aduan',
  'mengadu', 'bisa', 'ada', 'yang', 'saya', 'ok', 'oke', 'okay', 'siap', 'ya', 'iya', 'y', 'sip', 'mantap', 'apa', 'kabar',
  'baik', 'nomor', 'ini', 'benar', 'dengan', 'bupati', 'kak', 'min', 'sehat', 'semua', 'sudah', 'belum', 'tidak', 'hm', 'hmm',
  'wkwk', 'wkwkwk', 'haha', 'hahaha', 'om', 'swastiastu', 'shalom', 'sejahtera', 'bagi', 'kita', 'pak', 'bu', 'menu',
  // Regional greetings and courtesy: Javanese (sugeng enjing/siang/sonten/dalu, nyuwun sewu, matur nuwun, kulo nuwun,
  // badhe matur "I'd like to say"), Sundanese (punten, sampurasun, rampes, wilujeng, hatur nuhun), Batak (horas,
  // mejuah-juah), Lampung (tabik pun), Malay/Palembang (wassalam, tarimo kasih).
  'sugeng', 'enjing', 'sonten', 'dalu', 'nuwun', 'nyuwun', 'sewu', 'suwun', 'matur', 'badhe', 'kulo', 'kula', 'monggo', 'nggih', 'inggih',
  'sampun', 'punten', 'sampurasun', 'rampes', 'wilujeng', 'hatur', 'nuhun', 'horas', 'mejuah', 'mejuah-juah', 'juah', 'tabik',
  'wassalam', 'wassalamualaikum', 'tarimo',
  // Bugis/Makassar (tabe' puang: "excuse me, sir"), Sundanese bade "I'd like to", and the wish a thanks ends with
  // ("terima kasih pak, semoga sehat selalu"), which asks for nothing.
  'tabe', 'puang', 'bade', 'semoga',
  // Minang ("ba a kaba pak, ambo nio melapor": how are you, I'd like to report), spoken by many in South Sumatra.
  'ba', 'kaba', 'ambo', 'nio',
  // Sundanese tiasa "can" ("punten, bade naros, tiasa lapor di dieu?": may I ask, can I report here?).
  'tiasa',
] as const;

/** Link hosts that carry a location or a government page (.desa.id: a village's own site), never promotion. */
export const TRUSTED_LINK_HOSTS = ['maps.google.', 'google.com/maps', 'goo.gl/maps', 'maps.app.goo.gl', '.go.id', 'lapor.go.id', '.desa.id'] as const;

/**
 * Words of a citizen reporting a scam, a calo or an extortion rather than
 * running one ("saya ditipu", "oknum minta transfer ke rek pribadinya",
 * "hati2 ada link bansos palsu beredar"): they dampen the offer and payment
 * signals, as DOCUMENT_SERVICE_COMPLAINT does for document adverts.
 */
export const REPORTING_WORDS = [
  ...DOCUMENT_SERVICE_COMPLAINT, 'ditipu', 'tertipu', 'penipu', 'penipuan', 'menipu', 'korban', 'minta', 'diminta', 'disuruh',
  'pungutan', 'pemerasan', 'modus', 'kehilangan', 'usut', 'ditindak', 'beredar', 'palsu', 'hoax', 'hoaks', 'dibobol', 'kebobolan',
  'kebobol', 'diretas', 'dihack', 'kecewa', 'dirugikan', 'beda', 'lapor', 'melapor', 'melaporkan', 'ditagih', 'diteror',
  // "bapak saya ketipu dukun", "yg ngaku distributor resmi … masih aktif nipu petani lain", "nenek saya ditelpon
  // katanya menang undian … sdh terlanjur transfer", "saldo BRI saya ludes"
  'ketipu', 'tipu', 'nipu', 'ngaku', 'mengaku', 'ngakunya', 'ditelpon', 'ditelepon', 'penelpon', 'penelponnya', 'terlanjur', 'ludes', 'terkuras',
] as const;

/**
 * Words that only name the message a report ("lapor pak, …"): a fake complaint borrows them ("Lapor pak, ada promo
 * tiket murah di toko kami … yuk mampir kak", "lapor bu, ada paket umroh murah di travel kami, yuk daftar"). With a
 * pitch to the reader (INVITATION_TERMS) they no longer read as reporting; the words that tell of a victim (ditipu,
 * korban, oknum, …) still do. Not a stake that grows alone: a citizen who reports an arisan tells its promise too.
 */
export const REPORT_GENRE_WORDS = ['lapor', 'melapor', 'melaporkan'] as const;
/**
 * A call to the reader to come, join or buy: a seller's. Not "ayo" or "buruan" alone: a citizen urges the office so
 * ("buruan dicek pak", "ayo pak ditindak").
 */
export const INVITATION_TERMS = [
  'yuk', 'yuuk', 'gaskeun', 'ayo gabung', 'ayo daftar', 'ayo order', 'ayo join', 'buruan daftar', 'buruan order', 'buruan gabung', 'buruan join',
] as const;

/**
 * Chain letters: a forwarding verb a few words before a count of whom to send
 * it to ("sebarkan ke 10 grup", "kirim pesan ini ke 15 kontak", "kirim ke
 * semua grup"), or the threat for not passing it on ("jika tidak
 * diteruskan"). The verbs are roots: their affixed forms count too
 * (menyebarkannya, meneruskan, dibagikan, mengirim). A citizen asking whether
 * such a message is true says so (CHAIN_QUESTION_WORDS).
 */
export const CHAIN_FORWARD_ROOTS = ['sebar', 'terus', 'bagi', 'kirim', 'share', 'forward', 'viral'] as const;
export const CHAIN_AUDIENCE = ['grup', 'group', 'kontak', 'orang', 'teman', 'nomor', 'wag'] as const;

/**
 * Words of a citizen reporting gambling rather than advertising it: the harm
 * ("anak2 smp kecanduan judi online slot") and the call for action.
 */
export const GAMBLING_REPORT_WORDS = [
  'resah', 'meresahkan', 'kecanduan', 'ketagihan', 'keranjingan', 'terjerat', 'ditertibkan', 'tertibkan', 'razia', 'digerebek', 'grebek',
  'ditangkap', 'tangkap', 'berantas', 'diberantas', 'tindak', 'ditindak', 'anak', 'pelajar', 'siswa',
  // The advert seen as a thing, by someone who wants it gone: "ada baliho iklan judi slot di perempatan … tolong
  // diturunkan". An advert does not call itself an advert.
  'iklan', 'baliho', 'spanduk', 'reklame', 'diturunkan', 'turunkan', 'dicopot',
] as const;
export const CHAIN_QUESTION_WORDS = ['hoax', 'hoaks', 'hoak', 'benarkah', 'klarifikasi', 'beredar', 'katanya', 'penipuan'] as const;

/** Asking the reader to pay into an account: donation pleas, "transfer ke rek … kirim bukti tf", down payments. */
export const PAYMENT_REQUEST_TERMS = [
  'transfer ke rek', 'transfer ke rekening', 'transfer ke no', 'tf ke rek', 'tf ke', 'kirim ke rek', 'kirim ke rekening', 'donasi ke',
  'donasi seikhlasnya', 'bukti tf', 'bukti transfer', 'bayar admin', 'biaya admin', 'biaya pendaftaran', 'uang muka',
  // Donation pleas to whoever reads them: "mohon infaq terbaiknya", "mohon bantuan bapak ibu dermawan".
  'mohon infaq', 'infaq terbaik', 'infaq terbaiknya', 'dermawan', 'konfirmasi ke no', 'berapapun sangat berarti',
  // "bantu seikhlasnya via dana 0896…": the plea's own word. A citizen made to pay "seikhlasnya" says who asked
  // (dimintai, pungutan), which dampens it.
  'seikhlasnya',
  // A plea to whoever reads it ("mohon partisipasi sponsor Rp 5jt"), and the fee asked before a loan or prize is paid
  // out ("biaya admin 1% dibayar di muka"), the advance-fee scam's own words, as "uang muka" is.
  'mohon partisipasi', 'mohon partisipasinya', 'bayar di muka', 'dibayar di muka',
  // The payment confirmed to the sender himself ("Pembayaran transfer ke rek CV …, konfirmasi ke saya"): a citizen
  // tells the desk what he paid, he does not collect it.
  'konfirmasi ke saya', 'konfirmasi ke admin',
] as const;

/**
 * Easy-money offers: task scams ("kerja paruh waktu like video dibayar 50rb
 * per tugas"), online schemes, exam jockeys ("joki cpns dijamin lulus").
 * An amount per period ("5jt/minggu", "50rb per tugas") counts as one term.
 */
export const EASY_MONEY_TERMS = [
  'kerja paruh waktu', 'paruh waktu', 'per tugas', 'like video', 'tugas harian', 'kerja online', 'bisnis online', 'passive income',
  'penghasilan pasif', 'robot trading', 'forex', 'kripto', 'crypto', 'arisan online', 'dijamin lulus', 'pasti lulus', 'joki', 'tanpa tes',
  'minat balas', 'minat hubungi', 'minat pc', 'minat chat', 'minat ketik', 'dicari karyawan', 'rekrutmen',
  // Crypto giveaways and coin presales: "Airdrop USDT gratis … connect wallet", "koin baru … presale harga 0,0001 USDT".
  // Not "token": a citizen buys a token for his electricity meter.
  'airdrop', 'usdt', 'presale', 'connect wallet', 'koin baru', 'token baru',
  // Apps that "pay" for being installed and for bringing others in: "aplikasi mining gratis, HP anda jadi mesin uang …
  // Kode undangan: XK92L".
  'mesin uang', 'penghasil uang', 'aplikasi mining', 'cloud mining', 'kode undangan', 'kode referral', 'kode referal', 'kode reff',
  // Profit promised as sure ("investasi kebun sawit cepat untung … dijamin aman"), and trading signals sold by
  // subscription ("Sinyal forex gold akurat 90% … Free trial 3 hari", "sinyal crypto … winrate 92%").
  'cepat untung', 'pasti untung', 'dijamin untung', 'untung besar', 'sinyal forex', 'sinyal trading', 'sinyal crypto', 'sinyal kripto', 'winrate',
] as const;

/**
 * A seat in the civil service sold as a sure thing (spam.ts EASY_MONEY): a seat, a guarantee and a payment, all
 * three ("tes CPNS dijamin masuk, bayar setelah SK keluar", "honorer tanpa tes, cukup bayar biaya seragam"). A
 * citizen asking about the exams or the pay names a seat and a payment, not a guarantee; one reporting the calo
 * names him ("oknum", "ngaku"), which dampens it.
 */
export const SEAT_TERMS = ['cpns', 'pppk', 'p3k', 'pns', 'asn', 'honorer', 'tni', 'polri', 'bintara', 'akpol', 'bumn', 'perangkat desa'] as const;
export const SEAT_GUARANTEE_TERMS = ['dijamin', 'pasti lulus', 'pasti masuk', 'uang kembali', 'garansi', 'jalur khusus', 'tanpa tes', 'orang dalam'] as const;
export const SEAT_PAYMENT_TERMS = ['bayar', 'dp', 'uang muka', 'sisanya', 'biaya', 'setelah sk'] as const;

/**
 * Names a phishing link borrows ("bsu-kemnaker.id-cek.com",
 * "bansos-kemensos.online"): a link outside .go.id whose address carries one
 * of them pretends to be the government, a bank or a public company.
 */
export const IMPERSONATED_NAMES = [
  'kemnaker', 'kemensos', 'kemenkes', 'kemendikbud', 'kemenag', 'kemendagri', 'bansos', 'bsu', 'pkh', 'blt', 'bpjs', 'prakerja', 'pemkab',
  'pemda', 'pemprov', 'polri', 'kominfo', 'dukcapil', 'samsat', 'pajak', 'djp', 'pln', 'pertamina', 'bri', 'bca', 'bni', 'mandiri', 'bank',
  'subsidi', 'bantuan', 'resmi', 'official', 'gov',
  // Couriers and their words: the undelivered-package notice is the commonest phishing after the banks'
  // ("jnt-cekresi.xyz", "sicepat-konfirmasi.help").
  'jne', 'jnt', 'sicepat', 'anteraja', 'posindo', 'tiki', 'lionparcel', 'idexpress', 'kurir', 'paket', 'resi',
] as const;

/**
 * An advert's three parts (spam.ts SALE_OFFER): a seller's word, a price and
 * a way to buy. "Dijual tanah kavling SHM harga 85jt nego, serius hub 0821…",
 * "over kredit Beat angsuran 780rb … japri", "pakan lele harga miring per sak
 * … WA aja". A citizen who complains about a price ("minyakita dijual 20rb
 * padahal HET 15.700") names a seller's word and a price, but no way to buy.
 */
export const SALE_OFFER_TERMS = [
  'jual', 'dijual', 'menjual', 'jualan', 'sedia', 'menyediakan', 'ready', 'nego', 'cicil', 'cicilan', 'over kredit', 'oper kredit',
  'take over', 'open trip', 'open order', 'open po', 'terima pesanan', 'cod', 'promo', 'diskon', 'grosir', 'partai besar',
] as const;
/** "harga agen", "harga miring": a seller's price without a figure. */
export const SALE_PRICE_QUALIFIERS = [
  'agen', 'distributor', 'grosir', 'miring', 'pelajar', 'spesial', 'khusus', 'promo', 'bersahabat', 'terjangkau', 'nego', 'net', 'mulai', 'murah', 'pabrik',
] as const;
/** The way to buy: besides a phone number or a wa.me link. */
export const SALE_CONTACT_WORDS = [
  'hubungi', 'japri', 'pc', 'inbox', 'dm', 'chat', 'wa', 'whatsapp', 'minat', 'order', 'booking', 'daftar', 'info', 'ketik', 'serius',
] as const;

/**
 * A notice sent to many numbers in an institution's name (spam.ts
 * MASS_NOTICE): it speaks to the reader as "anda", "Yth", "nasabah", which a
 * citizen writing to the bupati's line does not ("pak", "min"), and it asks
 * for an action under a deadline or a threat, or for credentials.
 */
export const NOTICE_ADDRESS = ['anda', 'yth', 'nasabah'] as const;
export const NOTICE_URGENCY = [
  'segera', 'hangus', 'paling lambat', 'batas waktu', '1x24 jam', '24 jam', 'terblokir', 'diblokir', 'dinonaktifkan', 'nonaktif',
  'dihentikan', 'ditutup', 'dikembalikan', 'tertahan', 'gagal dikirim', 'jika tidak', 'sebelum',
  // A deadline of today: "Batas hari ini jam 4 sore", "pemutihan denda HANYA HARI INI", "pajak anda sudah jatuh tempo".
  'batas hari ini', 'hanya hari ini', 'cuma hari ini', 'jatuh tempo',
] as const;
export const NOTICE_ACTION = [
  'klaim', 'klik', 'verifikasi', 'aktivasi', 'aktifkan', 'perbarui', 'lengkapi', 'isi', 'balas', 'tukarkan', 'lunasi', 'cek nama',
  'terpilih', 'pemenang', 'disetujui', 'pencairan', 'buka file', 'formulir',
] as const;
/** What a bank or Dukcapil never asks for by chat. */
export const CREDENTIAL_TERMS = ['otp', 'kode otp', 'pin', 'ibu kandung', 'kode verifikasi', 'password', 'kata sandi', 'cvv', 'nik', 'no rekening', 'nomor rekening', 'nomor kartu'] as const;

/**
 * Paranormal services sold by "mbah"/"ki" dukun: pesugihan, pelet,
 * penglaris. "Pelet" is also fish feed, so one term alone weighs little; a
 * citizen swindled by a dukun says so ("ketipu dukun pengganda uang").
 */
export const PARANORMAL_TERMS = [
  'pesugihan', 'pelet', 'penglaris', 'pengasihan', 'santet', 'dana gaib', 'dana ghaib', 'tumbal', 'susuk', 'buka aura', 'tarik pusaka',
  'mahar', 'jarak jauh', 'ilmu hitam', 'gandakan uang', 'pengganda uang', 'penggandaan uang', 'uang gaib', 'khodam', 'pelaris',
  // Talismans a dukun sells: "doa khusus dan air rajah, jarak jauh pun bisa".
  'rajah', 'jimat', 'azimat', 'ajian',
] as const;

/** An election campaign message: asks the reader to vote for a number. A report about a campaign breach says so (CAMPAIGN_REPORT_WORDS). */
export const CAMPAIGN_TERMS = [
  'coblos', 'nomor urut', 'pilih nomor', 'pilih pasangan', 'dapil', 'doa dan dukungan', 'doa dan dukungannya', 'mohon dukungan', 'mohon dukungannya',
  'pilih kami', 'caleg', 'paslon',
  // A rally invitation: "deklarasi dukungan calon bupati … disediakan snack, kaos & uang transport".
  'deklarasi dukungan', 'calon bupati', 'cabup', 'cawabup',
] as const;
export const CAMPAIGN_REPORT_WORDS = [
  'netral', 'netralitas', 'bawaslu', 'panwas', 'panwaslu', 'pelanggaran', 'amplop', 'politik uang', 'serangan fajar', 'ngarahkan', 'mengarahkan',
  'diarahkan', 'dipaksa', 'intimidasi', 'asn', 'pns', 'kecurangan', 'curang',
  // Campaign props a citizen complains about ("baliho caleg dan calon bupati menutupi rambu"); a broadcast asks for a vote.
  'baliho', 'spanduk', 'alat peraga',
] as const;

/**
 * Devotional and motivational broadcasts ("Renungan pagi … Tuhan
 * memberkati", "malam Jumat, perbanyak sholawat … sebarkan kebaikan ini"):
 * only counted when the message asks the government for nothing.
 */
export const DEVOTIONAL_TERMS = [
  'renungan', 'tuhan memberkati', 'selamat beraktivitas', 'sholawat', 'shalawat', 'al kahfi', 'malam jumat', 'lindungan allah', 'bersyukur',
  'barakallah', 'jazakallah', 'kata mutiara', 'quote', 'motivasi', 'sebarkan kebaikan', 'amal jariyah', 'pahala', 'dzikir', 'zikir', 'ayat',
] as const;
/** Words of a message that asks the government for something: they keep a polite request with blessings out of DEVOTIONAL. */
export const ASKING_WORDS = ['mohon', 'tolong', 'minta', 'harap', 'lapor', 'bantu', 'bantuan', 'kapan', 'apakah', 'belum', 'tidak', 'kenapa', 'bagaimana', 'keluhan'] as const;

/** A joke about one's love life, or flattery, sent as a "report" ("mantan saya jalan sama cowok lain … tolong ditangkap wkwk"), counted only with laughter. */
export const ROMANCE_TERMS = [
  // Not "hati saya": "jalan rusak kayak hati saya wkwk" is a pothole with a joke in it.
  'mantan', 'pacar', 'pacarku', 'selingkuh', 'gebetan', 'jomblo', 'doi', 'baper', 'galau', 'jodoh', 'cintaku', 'jatuh cinta',
  'ayang', 'yayang', 'kangen', 'rindu',
  // Flattery as a joke: "bapak bupati ganteng wkwkwk kapan traktir".
  'ganteng', 'cantik', 'traktir',
] as const;

/**
 * Identity documents and licences, and the promises of a calo who gets them
 * made without the office: "jasa buat paspor kilat 3 hari jadi, tdk perlu
 * wawancara", "bantu urus KTP … tinggal terima jadi".
 */
export const DOCUMENT_NOUNS = ['ktp', 'kk', 'sim', 'stnk', 'bpkb', 'paspor', 'akta', 'ijazah', 'skck', 'sertifikat', 'npwp', 'nib', 'surat', 'dokumen', 'visa', 'buku nikah'] as const;
export const DOCUMENT_SERVICE_VERBS = ['jasa', 'melayani', 'bantu urus', 'kami urus', 'urus semua', 'terima jadi', 'bisa dibantu', 'siap bantu'] as const;
export const DOCUMENT_SHORTCUTS = [
  'kilat', 'tanpa antri', 'tanpa antre', 'tanpa tes', 'tanpa ujian', 'tidak perlu', 'gak usah', 'tidak usah', 'terima jadi', 'cepat jadi', 'hari jadi',
  'bisa ditunggu', 'proses cepat', 'dijamin',
] as const;

/**
 * Words about the line itself: "izin bertanya, nomor ini utk pengaduan?",
 * "laporan saya kemarin sdh diterima?", "bentar sy ketik dulu", "nanti saya
 * kirim fotonya". A message of these, greetings and stopwords describes no
 * problem yet: noise, and the bot asks for the problem.
 */
export const LINE_META_WORDS = [
  'pengaduan', 'aduan', 'adu', 'ngadu', 'laporan', 'laporannya', 'lapor', 'melapor', 'laporkan', 'nomor', 'no', 'layanan', 'resmi', 'benar',
  'masyarakat', 'balas', 'dibalas', 'balasan', 'bales', 'dibales', 'respon', 'direspon', 'respons', 'ditanggapi', 'tanggapan', 'diterima',
  'diproses', 'langsung', 'operator', 'ketik', 'mengetik', 'kirim', 'dikirim', 'foto', 'fotonya', 'gambar', 'video', 'nanti', 'sebentar',
  'bentar', 'dulu', 'tunggu', 'nyusul', 'menyusul', 'ganggu', 'mengganggu', 'salah', 'baru', 'boleh', 'bertanya', 'tanya', 'izin', 'caranya',
  'disini', 'sini', 'wa', 'whatsapp', 'chat', 'pesan',
  // The wish to complain, not yet the complaint: "pak saya mau menyampaikan keluhan, bisa?", "mau komplain min".
  'keluhan', 'mengeluh', 'komplain', 'menyampaikan', 'sampaikan', 'disampaikan',
  // Not knowing how to begin: "mau lapor sesuatu tp bingung mulai dari mana". The problem is still to come.
  'sesuatu', 'bingung', 'mulai',
  // The same in Sundanese ("punten bade ngadukeun") and with -kan.
  'ngadukeun', 'adukan', 'mengadukan', 'diadukan',
  // Waiting for the follow-up of a report already made: "siap pak, ditunggu tindak lanjutnya".
  'tindak', 'lanjut', 'tindaklanjut', 'tindaklanjuti', 'ditindaklanjuti',
  // Whether the line is on, and the photo or location still to come, or news still awaited: "nomor ini aktif kan?",
  // "bentar saya fotoin dulu lokasinya", "ditunggu kabarnya".
  'aktif', 'fotoin', 'difotoin', 'lokasi', 'sharelok', 'kabar', 'kabari', 'dikabari', 'ditunggu',
  // Sundanese naros "to ask" and dieu "here", as "tanya" and "sini".
  'naros', 'dieu',
] as const;
/**
 * Thanks for what was done ("Mantap pak jalannya sdh diperbaiki, makasih bnyk 👍👍", "terima kasih pak sudah
 * ditindaklanjuti"): with "sudah" and a done verb and nothing still wanted (STILL_WANTED_WORDS, a question mark), the
 * message reports nothing new, and the bot's kind question for the problem fits it as it fits a greeting. "terima
 * kasih, jalan sudah diperbaiki, tapi lampunya masih mati" still wants something.
 */
export const THANKS_WORDS = ['kasih', 'nuwun', 'suwun', 'nuhun', 'tarimo'] as const;
export const STILL_WANTED_WORDS = [
  'tapi', 'tetapi', 'namun', 'belum', 'masih', 'lagi', 'padahal', 'kapan', 'kenapa', 'mengapa', 'apakah', 'tolong', 'mohon', 'harap', 'cuma',
  'hanya', 'kok', 'sayang', 'sayangnya',
] as const;

/** Words before a place name that a citizen introduces himself with ("saya warga Desa Lubuk Seberuk"). */
export const PLACE_WORDS = ['desa', 'dusun', 'kelurahan', 'kecamatan', 'kampung', 'perumahan', 'perum', 'kabupaten', 'kota'] as const;

/** Titles after "Yth" in a citizen's letter ("Yth. Bapak Bupati"): not a mass notice's "Nasabah Yth". */
export const LETTER_TITLES = ['bapak', 'ibu', 'bupati', 'kepala', 'camat', 'lurah', 'admin', 'pimpinan', 'dinas', 'saudara', 'sdr', 'pejabat'] as const;
/** Words of a message to the government: a devotional broadcast is addressed to no one in particular. */
export const GOVERNMENT_ADDRESS_WORDS = ['bapak', 'ibu', 'bupati', 'admin', 'pemda', 'pemerintah', 'terima', 'kasih', 'camat', 'dinas'] as const;
/**
 * Words of a complaint: an advert does not plead or object. They dampen promotion and sale words, and the learned
 * text signal. Also in English, which some residents write (a foreign teacher, a worker at the plantation): "Please
 * evaluate", "Could someone fix it?". The learned signal has seen English only in scams, so it needs them most.
 */
export const COMPLAINT_WORDS = [
  'mohon', 'tolong', 'padahal', 'kenapa', 'apakah', 'keluhan', 'harap', 'lapor',
  'please', 'why', 'complaint', 'complain', 'fix', 'repair', 'broken',
  // What is wrong, in English, as "broken" is: "The drain in front of our street has been blocked for weeks … Could
  // someone from the district office check it?". An English scam promises and asks; it names nothing that is broken.
  'blocked', 'clogged', 'flooded', 'flooding', 'leaking', 'damaged', 'pothole', 'potholes',
] as const;
/**
 * A question whether something is true ("Beneran program pemkab ga?", "apa benar ini dari dinas?"): a citizen who
 * passes on what he received asks; a scam asserts. Read in a sentence that ends with "?".
 */
export const TRUTH_QUESTION_WORDS = ['benar', 'bener', 'beneran', 'benarkah', 'betul', 'hoax', 'hoaks', 'hoak', 'penipuan'] as const;
/** A cry for help: "tolong tolong tolong …" is noise the bot answers, not a repeated word. */
export const HELP_WORDS = ['tolong', 'mohon', 'darurat', 'bantu', 'help'] as const;

/** An account to pay into: "rek BSI 7xxx-123", "ke rekening 1234…", a bank or wallet name with the number after it. */
export const ACCOUNT_WORDS = ['rek', 'rekening', 'norek', 'bri', 'bca', 'bni', 'bsi', 'mandiri', 'btn', 'dana', 'ovo', 'gopay'] as const;
/** E-wallets, whose account is a phone number: "via dana 0896-5512-0043". */
export const WALLET_NAMES = ['dana', 'ovo', 'gopay', 'shopeepay', 'linkaja'] as const;
/** What the reader is asked to do with that account. */
// "Pembayaran melalui rek BNI 0391…": the instruction's noun.
export const PAY_VERBS = ['transfer', 'tf', 'donasi', 'infaq', 'infak', 'sedekah', 'sumbangan', 'konfirmasi', 'seikhlasnya', 'pembayaran'] as const;
/** What an earnings promise is paid per ("50rb per tugas", "5jt minggu"). */
export const EARNING_PERIODS = ['per', 'hari', 'minggu', 'bulan', 'tugas', 'jam'] as const;
/** Between the period and the amount when the period comes first: "sehari bisa 300rb". */
export const EARNING_VERBS = ['bisa', 'dapat', 'dapet', 'dpt'] as const;
/**
 * A stake and what it turns into (spam.ts EASY_MONEY): "modal 20rb jadi 2jt", "setor 500rb tiap minggu dapet 1,5jt",
 * "modal 5jt balik 2x lipat", "modal receh jadi puluhan juta". The stake word comes right before the amount, so a
 * price that fell ("harga karet 8rb jadi 6rb") is not one.
 */
export const STAKE_WORDS = ['modal', 'setor', 'setoran', 'deposit', 'depo', 'invest', 'investasi'] as const;
export const RETURN_WORDS = ['jadi', 'jd', 'menjadi', 'balik', 'kembali', 'dapat', 'dapet', 'dpt', 'untung', 'cair'] as const;
/** Units of an amount written as two words ("1 juta", "50 rb"). */
// With -an, an amount about that much, as adverts price ("angsuran mulai 1 jtan", "500 ribuan").
export const AMOUNT_UNITS = ['rb', 'ribu', 'rebu', 'jt', 'juta', 'k', 'rban', 'ribuan', 'jtan', 'jutaan'] as const;
/** "jika tidak diteruskan": the condition of a chain letter's threat. */
export const CHAIN_CONDITION_WORDS = ['jika', 'kalau', 'bila', 'apabila'] as const;
/** Emoji a citizen thanks or greets with ("🙏🙏🙏", "👍"): a row of only these is courtesy, not a flood. */
export const COURTESY_EMOJI = ['🙏', '👍', '👌', '😊', '🙂', '☺', '🤝', '❤', '💐', '🌹', '🥰', '😇', '🤲'] as const;
/** Emoji that insult: a row of emoji with one of these and no word is an insult, as "bupati goblok" is. */
export const INSULT_EMOJI = ['🖕', '💩', '🤬'] as const;

/**
 * Insults at officials that carry no profanity word ("makan gaji buta", "gak becus", "muka tembok", "cuma
 * pajangan, dasar pencitraan"). They only count in a message that names nothing else (spam.ts PROFANITY): an
 * angry citizen with a real problem says "dasar pemalas!" after the closed office and the letter he needed.
 */
export const INSULT_TERMS = [
  'makan gaji buta', 'gaji buta', 'becus', 'muka tembok', 'pencitraan', 'pajangan', 'tai kucing', 'tukang korupsi', 'otak udang', 'pemalas',
] as const;
/** Who an insult is aimed at, and its filler ("dasar", "doang", "kerjaannya"): not a problem named. */
export const INSULT_TARGETS = [
  'bupati', 'wabup', 'pemda', 'pemkab', 'pemerintah', 'pejabat', 'pegawai', 'admin', 'kades', 'camat', 'lurah', 'dinas', 'dewan', 'dprd',
  'petugas', 'kalian', 'kau', 'kerja', 'kerjanya', 'kerjaannya', 'kerjaanya', 'dasar', 'doang', 'ngapain',
] as const;

/**
 * A hoax forward (spam.ts HOAX_FORWARD) says where it came from ("Fw:", "info dari grup sebelah"), that the truth
 * is kept from you ("BMKG dilarang mengumumkan", "sebarkan sebelum dihapus"), and to spread it ("share ke grup
 * ortu!!"): two of the three. A citizen asking whether it is true says so (CHAIN_QUESTION_WORDS, "beredar").
 */
export const HOAX_SOURCE_TERMS = ['fw', 'fwd', 'grup sebelah', 'group sebelah', 'copas', 'copas dari', 'dari grup sebelah'] as const;
export const HOAX_SUPPRESSION_TERMS = [
  'dilarang mengumumkan', 'dilarang memberitakan', 'tidak diberitakan', 'sebelum dihapus', 'menutup-nutupi', 'menutup nutupi', 'ditutup-tutupi',
  'ditutup tutupi', 'menutupi ini',
] as const;
/** The bare imperative: "diteruskan ke polres" is a citizen asking the desk to pass his report on. */
export const HOAX_SPREAD_TERMS = ['sebarkan', 'sebarluaskan', 'bagikan', 'teruskan', 'viralkan', 'share ke'] as const;

/** Adult-content bait: "video viral full durasi … tanpa sensor 🔞 nonton di sini". */
export const ADULT_BAIT_TERMS = ['tanpa sensor', 'full durasi', 'video syur', 'bokep', 'open bo', 'vcs', '🔞'] as const;

/**
 * The "mama minta pulsa" scam: a relative on a new number ("hp lama rusak jadi pake nomor temen") asks for pulsa
 * or money. A citizen who lost his phone and writes from a new number asks for nothing to be sent.
 */
export const NEW_NUMBER_TERMS = ['nomor baru', 'nomor temen', 'nomor teman', 'ganti nomor', 'hp lama', 'pake nomor', 'pakai nomor'] as const;
/** Asked of the reader, not told of ("bansos tidak di transfer padahal nomor baru sudah didaftarkan"). */
export const SEND_MONEY_TERMS = [
  'kirim pulsa', 'kirimin pulsa', 'isiin pulsa', 'beliin pulsa', 'tolong transfer', 'transfer dulu', 'transferin', 'tolong tf', 'tf dulu', 'kirim uang',
  'kirimin uang', 'pinjam uang', 'pinjem uang',
] as const;
/**
 * The emergency scam ("Pak ini sy dr RS, anak bapak kecelakaan … harus ditransfer skrg juga 8jt ke rek dokter jaga.
 * Jangan telp dulu anaknya"): money asked for now, and the reader kept from checking with the one it is for. Anyone
 * who really needs money wants the family to call.
 */
export const NO_CHECK_TERMS = [
  'jangan telp', 'jangan telpon', 'jangan telepon', 'jangan ditelpon', 'jangan ditelepon', 'jangan hubungi', 'jangan dihubungi', 'jangan bilang',
  'jangan kasih tahu', 'jangan kasih tau', 'jangan cerita',
  'jgn telp', 'jgn telpon', 'jgn telepon', 'jgn ditelpon', 'jgn hubungi', 'jgn dihubungi', 'jgn bilang', 'jgn kasih tahu', 'jgn kasih tau',
] as const;
/** A transfer asked of the reader, up to six words before the account ("harus ditransfer skrg juga 8jt ke rek …"). */
export const TRANSFER_VERBS = ['transfer', 'ditransfer', 'transferkan', 'transferin', 'tf', 'ditf'] as const;

/**
 * What a customer did: with "saya"/"kami" right before it ("sy daftar dr bulan Maret sdh bayar biaya survei 300rb",
 * "kami sudah bayar tp blm dipasang"), the sender is the one who bought, and a seller's word and a price in his
 * message are the offer he answered, not his advert (spam.ts SALE_OFFER, PROMO_WORDS). Not "jual": "kami jual" is
 * the seller.
 */
export const BUYER_VERBS = ['daftar', 'mendaftar', 'bayar', 'membayar', 'beli', 'membeli', 'pesan', 'memesan', 'langganan', 'berlangganan'] as const;

/** An offer verb: with "saya"/"kami" before it, the sender is the one offering ("kami … menawarkan bibit sawit"). */
export const OFFER_VERBS = ['menawarkan', 'tawarkan', 'nawarin', 'nawarkan'] as const;

/**
 * Something broken or flooded that the desk handles: a joke about the bupati's looks with one of these in it ("sy
 * sayang bapak tapi lebih sayang kalo jalan di depan SMPN diaspal wkwk, tiap ujan kyk kubangan") is a real report
 * told with a laugh, not a prank (spam.ts PRANK).
 */
export const DEFECT_WORDS = [
  'rusak', 'berlubang', 'lubang', 'aspal', 'diaspal', 'kubangan', 'banjir', 'genangan', 'tergenang', 'becek', 'longsor', 'amblas', 'ambles',
  'ambruk', 'roboh', 'mampet', 'tersumbat', 'bocor', 'retak', 'padam',
] as const;

/**
 * Secrets a bank, a courier or Dukcapil never asks for by chat (spam.ts MASS_NOTICE), and the verbs that ask the
 * reader for them ("mohon kirim … kode OTP yg masuk ke HP bapak/ibu"). Asked for, they are a scam in whoever's
 * name; a citizen who tells of such a call says who asked (minta, ngaku), which damps it.
 */
// A selfie holding one's KTP is what a loan app opens an account with: "Mohon kirimkan foto KTP, KK dan selfie sambil
// pegang KTP utk validasi data penerima bantuan". No office asks for it by chat. Not a selfie alone: a citizen sends
// one from the flooded street as proof.
export const SECRET_CREDENTIALS = [
  'otp', 'kode otp', 'pin', 'password', 'kata sandi', 'cvv', 'kode verifikasi',
  'selfie pegang ktp', 'selfie memegang ktp', 'selfie sambil pegang ktp', 'selfie sambil memegang ktp', 'selfie dengan ktp', 'selfie ktp',
] as const;
export const CREDENTIAL_ASK_VERBS = ['kirim', 'kirimkan', 'kirimin', 'sebutkan', 'berikan', 'infokan', 'bacakan', 'balas', 'bagikan', 'share'] as const;

/**
 * A message meant for someone in the family, sent to the line by mistake ("Ma ini aku udh di terminal, jemput jam
 * brp? hp ku lowbat", "Dek, nanti pulang sekolah jgn lupa beli telur"): it opens on a family address and asks a
 * household errand (spam.ts WRONG_NUMBER). Not "pak"/"bu": citizens address officials so; and "Pa, cai di lembur abdi
 * … mohon ditindaklanjuti" names a problem and asks the office (complaint, defect and official words rule it out).
 */
// Not "mas", nor "pa": a citizen calls the young man at the desk "mas", and in West Java the official "pa" ("Pa, cai di
// lembur abdi …"); not "yah", which opens a sigh ("yah, jalannya rusak lagi").
export const FAMILY_ADDRESS = ['ma', 'mak', 'mah', 'mama', 'mamah', 'papa', 'ayah', 'dek', 'adek'] as const;
export const ERRAND_TERMS = ['jangan lupa', 'jgn lupa', 'beliin', 'belikan', 'jemput', 'jemputin', 'nanti pulang', 'titip', 'nitip', 'lowbat'] as const;
/** Offices and officials: a message that names one is written to the government, whatever its first word. */
export const OFFICIAL_WORDS = ['bupati', 'wabup', 'pemda', 'pemkab', 'pemerintah', 'pejabat', 'camat', 'lurah', 'kades', 'kepala', 'dinas', 'dprd', 'petugas', 'admin', 'laporan', 'lapor'] as const;

/**
 * A stranger's opener (the romance and "salah sambung" scams): "boleh kenalan? lagi cari teman ngobrol", "udah
 * nikah belum?", "boleh save nomor aku?". Not "salam kenal": a student on KKN introduces himself with it before
 * his report.
 */
export const STRANGER_BAIT_TERMS = [
  'boleh kenalan', 'kenalan dong', 'sekalian kenalan', 'cari teman', 'teman ngobrol', 'sudah nikah belum', 'sudah menikah belum',
  'save nomor', 'simpan nomor',
  // As typed: "lg nyari temen ngobrol nih".
  'nyari teman', 'nyari temen', 'cari temen', 'temen ngobrol',
] as const;
