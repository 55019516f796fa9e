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
  'wd', 'withdraw', 'link alternatif', 'pragmatic', 'zeus', 'olympus', 'mahjong ways', 'casino', 'kasino', 'taruhan',
  'parlay', 'sbobet', 'gates of olympus', 'starlight princess',
] as const;

/** Illegal online lending ("pinjol") offers. A complaint about pinjol harassment also says "pinjol", so alone it weighs little. */
export const LOAN_TERMS = [
  'pinjol', 'pinjaman online', 'pinjaman dana', 'dana cepat', 'cair cepat', 'langsung cair', 'tanpa agunan', 'tanpa jaminan',
  'bunga rendah', 'tanpa bi checking', 'bi checking', 'tanpa survei', 'proses cepat', 'syarat mudah', 'cukup ktp',
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
] as const;

/** Link hosts that carry a location or a government page, never promotion. */
export const TRUSTED_LINK_HOSTS = ['maps.google.', 'google.com/maps', 'goo.gl/maps', 'maps.app.goo.gl', '.go.id', 'lapor.go.id'] as const;

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
] as const;
export const CHAIN_QUESTION_WORDS = ['hoax', 'hoaks', 'hoak', 'benarkah', 'klarifikasi', 'beredar', 'katanya', 'penipuan'] as const;

/** Asking the reader to pay into an account: donation pleas, "transfer ke rek … kirim bukti tf", down payments. */
export const PAYMENT_REQUEST_TERMS = [
  'transfer ke rek', 'transfer ke rekening', 'transfer ke no', 'tf ke rek', 'tf ke', 'kirim ke rek', 'kirim ke rekening', 'donasi ke',
  'donasi seikhlasnya', 'bukti tf', 'bukti transfer', 'bayar admin', 'biaya admin', 'biaya pendaftaran', 'uang muka',
] as const;

/**
 * Easy-money offers: task scams ("kerja paruh waktu like video dibayar 50rb
 * per tugas"), online schemes, exam jockeys ("joki cpns dijamin lulus").
 * An amount per period ("5jt/minggu", "50rb per tugas") counts as one term.
 */
export const EASY_MONEY_TERMS = [
  'kerja paruh waktu', 'paruh waktu', 'per tugas', 'like video', 'tugas harian', 'kerja online', 'bisnis online', 'passive income',
  'penghasilan pasif', 'robot trading', 'forex', 'kripto', 'crypto', 'arisan online', 'dijamin lulus', 'pasti lulus', 'joki', 'tanpa tes',
  'minat balas', 'minat hubungi', 'minat pc', 'minat chat', 'dicari karyawan', 'rekrutmen',
] as const;

/**
 * Names a phishing link borrows ("bsu-kemnaker.id-cek.com",
 * "bansos-kemensos.online"): a link outside .go.id whose address carries one
 * of them pretends to be the government, a bank or a public company.
 */
export const IMPERSONATED_NAMES = [
  'kemnaker', 'kemensos', 'kemenkes', 'kemendikbud', 'kemenag', 'kemendagri', 'bansos', 'bsu', 'pkh', 'blt', 'bpjs', 'prakerja', 'pemkab',
  'pemda', 'pemprov', 'polri', 'kominfo', 'dukcapil', 'samsat', 'pajak', 'djp', 'pln', 'pertamina', 'bri', 'bca', 'bni', 'mandiri', 'bank',
  'subsidi', 'bantuan', 'resmi', 'official', 'gov',
] as const;
