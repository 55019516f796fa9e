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
