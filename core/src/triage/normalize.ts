/// <reference path="./nlpjs-lang-id.d.ts" />
import { StemmerId } from '@nlpjs/lang-id';

// Citizens write to the WhatsApp line the way they text friends: "jln dpn
// sdh rusakkkk bgt, tlg dibenerin 🙏". Every triage step (spam, classifier,
// duplicates) reads the same normalised form, so the spelling map, stopwords
// and stemmer live here once.
//
// Stemmer: @nlpjs/lang-id (MIT, part of nlp.js), a rule-based Indonesian
// stemmer after Tala (2003), no dictionary. The Sastrawi port on npm
// (sastrawijs) was tried first and stems better on dictionary words, but it
// ships Kateglo's root-word dictionary under CC-BY-NC-SA 3.0 (non-commercial,
// share-alike), which an AGPL product deployed by vendors for a pemda cannot
// carry, and it pulls Babel 6 and core-js 2 in as runtime dependencies. For
// bag-of-words triage a stemmer only has to map inflections of one word to the
// same key consistently ("kerusakan", "rusaknya" -> "rusak"), which Tala does.

/** Informal spellings and abbreviations seen on WhatsApp -> standard word. Data, not code. */
export const INFORMAL_SPELLINGS: Readonly<Record<string, string>> = {
  yg: 'yang', yng: 'yang',
  gak: 'tidak', ga: 'tidak', gk: 'tidak', ggk: 'tidak', nggak: 'tidak', ngga: 'tidak', enggak: 'tidak', engga: 'tidak',
  tdk: 'tidak', tak: 'tidak', kagak: 'tidak', kaga: 'tidak', ndak: 'tidak', nda: 'tidak', idak: 'tidak', dak: 'tidak',
  sdh: 'sudah', udh: 'sudah', udah: 'sudah', dah: 'sudah', sdah: 'sudah', lah: 'sudah',
  blm: 'belum', blom: 'belum', blum: 'belum', lom: 'belum',
  jln: 'jalan', jl: 'jalan', jlan: 'jalan', jalanan: 'jalan',
  krn: 'karena', krna: 'karena', karna: 'karena', soalnya: 'karena',
  dgn: 'dengan', dg: 'dengan', dng: 'dengan', ama: 'dengan', sama: 'dengan',
  bgt: 'banget', bngt: 'banget', bener: 'benar', bnr: 'benar',
  aja: 'saja', aj: 'saja', ajah: 'saja',
  sy: 'saya', sya: 'saya', aku: 'saya', ak: 'saya', gw: 'saya', gue: 'saya', gua: 'saya', kami: 'saya', kite: 'kita',
  kmrn: 'kemarin', kemaren: 'kemarin', kmarin: 'kemarin',
  tlg: 'tolong', tolonk: 'tolong', tlong: 'tolong',
  dpn: 'depan', dkt: 'dekat', deket: 'dekat', blkg: 'belakang', sblh: 'sebelah', sbl: 'sebelah',
  utk: 'untuk', untk: 'untuk', buat: 'untuk',
  tp: 'tapi', tpi: 'tapi', kalo: 'kalau', klo: 'kalau', kl: 'kalau',
  sm: 'sama', jg: 'juga', jga: 'juga', lg: 'lagi', lgi: 'lagi', msh: 'masih', masi: 'masih',
  bs: 'bisa', bsa: 'bisa', gmn: 'bagaimana', gimana: 'bagaimana', knp: 'kenapa', napa: 'kenapa', ngapa: 'kenapa',
  org: 'orang', orng: 'orang', tmpt: 'tempat', tmp: 'tempat', skrg: 'sekarang', skrng: 'sekarang', skg: 'sekarang',
  hr: 'hari', hri: 'hari', bln: 'bulan', thn: 'tahun', mgg: 'minggu', mggu: 'minggu', jam2: 'jam',
  dr: 'dari', dri: 'dari', pd: 'pada', spt: 'seperti', kyk: 'seperti', kayak: 'seperti', kek: 'seperti',
  bpk: 'bapak', pak: 'bapak', bp: 'bapak', ibu: 'ibu', bu: 'ibu', min: 'admin', mimin: 'admin',
  trs: 'terus', trus: 'terus', bnyk: 'banyak', byk: 'banyak', smp2: 'sampai', sampe: 'sampai', ampe: 'sampai',
  mrk: 'mereka', dll: 'dan lain lain', dsb: 'dan sebagainya', mhn: 'mohon', mohon: 'mohon',
  lobang: 'lubang', berlobang: 'berlubang', lobangnya: 'lubangnya', ancur: 'hancur', ilang: 'hilang', item: 'hitam',
  mampet: 'mampet', numpuk: 'menumpuk', nggenang: 'genang', ngalir: 'mengalir', gede: 'besar', gde: 'besar',
  hub: 'hubungi', hubungin: 'hubungi',
  kec: 'kecamatan', kel: 'kelurahan', ds: 'desa', dsn: 'dusun', kab: 'kabupaten', kades: 'kepala desa',
  bener2: 'benar', rmh: 'rumah', rmah: 'rumah', sklh: 'sekolah', skolah: 'sekolah', anak2: 'anak',
  pdhl: 'padahal', pdahal: 'padahal', emg: 'memang', emang: 'memang', mmg: 'memang',
  dibenerin: 'diperbaiki', benerin: 'perbaiki', dibetulin: 'diperbaiki', betulin: 'perbaiki', diberesin: 'dibereskan',
  sblm: 'sebelum', sebelom: 'sebelum', slalu: 'selalu', salalu: 'selalu',
  mati2: 'mati', maaf: 'maaf', maf: 'maaf', makasih: 'terima kasih', mksh: 'terima kasih', trimakasih: 'terima kasih', tq: 'terima kasih', thx: 'terima kasih',
  ass: 'assalamualaikum', askum: 'assalamualaikum', aslm: 'assalamualaikum', assalamu: 'assalamualaikum', wr: 'warahmatullahi', wb: 'wabarakatuh',
  pagi: 'pagi', pgi: 'pagi', siang: 'siang', sore: 'sore', malem: 'malam', mlm: 'malam',
};

/**
 * Function words that tell nothing about what a report is about. Greetings
 * and politeness are here too: "selamat pagi pak, mohon bantuannya" says who
 * is polite, not which office is responsible. `tidak`/`belum` are here as
 * well: nearly every complaint says something is not done yet.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'yang dan di ke dari ini itu ada adalah akan atau juga saja sudah belum tidak bukan sangat banget ' +
    'saya kita kami anda dia mereka kamu beliau kalian bapak ibu admin mas mbak kak adik abang om ' +
    'dengan untuk pada oleh karena kalau tapi tetapi namun jadi agar supaya biar sehingga maka lalu terus kemudian ' +
    'sekarang kemarin tadi nanti besok hari minggu bulan tahun jam lagi masih pernah sering selalu sejak sampai hingga ' +
    'apa siapa kapan dimana mana bagaimana kenapa mengapa berapa apakah ' +
    'tolong mohon harap minta terima kasih maaf permisi selamat pagi siang sore malam halo hallo hai hi ' +
    'assalamualaikum warahmatullahi wabarakatuh salam sejahtera ' +
    'nya lah kah pun dong deh sih kok ya yah iya nah eh kan toh lho loh nih tuh gitu begitu begini ' +
    'se seperti sama semua setiap para ini itu sini situ sana tersebut hal bisa dapat harus perlu mau ingin bikin ' +
    'orang warga kami kita lain lain sebagainya memang padahal cuma hanya lebih kurang paling banyak sedikit ' +
    'satu dua tiga empat lima enam tujuh delapan sembilan sepuluh'
  ).split(/\s+/),
);

export interface NormalizedText {
  /** Lowercased text with signals removed and spellings standardised (words joined by one space). */
  text: string;
  /** Words after the spelling map, before stopwords and stemming. */
  words: string[];
  /** Content tokens: stopwords removed, stemmed. What the classifier and similarity read. */
  tokens: string[];
  /** Signals taken out of the text, kept for the spam score. */
  urls: string[];
  phones: string[];
  emojiCount: number;
}

// A bare host keeps all its labels ("bansos-kemensos-cek.blogspot.com", "bri-poin.web.app", "dinkes.okikab.go.id"):
// the name a phishing link borrows sits in the labels before the registered domain, and a .go.id page is only
// recognised with its ".go." label. The TLDs are those scam hosts are bought under, the cheap new ones included
// ("sicepat-konfirmasi.help", "…-presale.io"): an address a citizen never types by chance.
const URL_RE = /\b(?:https?:\/\/|www\.)\S+|\b(?:wa\.me|bit\.ly|s\.id|t\.me|tinyurl\.com|linktr\.ee)\/\S*|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|id|co\.id|xyz|site|online|store|link|vip|top|club|info|me|ly|app|cc|biz|shop|live|icu|click|pw|tk|ml|ga|cf|gq|io|help|cloud|asia|pro|fun|world|space|website|tech|win|bet|today|lol|buzz|cyou|sbs|cfd|bond|mobi|digital)\b(?:\/\S*)?/giu;
// Indonesian numbers as people type them: 0812-3456-7890, +62 812 3456 789, 62812…; also with digits hidden
// ("0812-xxxx-5533"), as people forward a number they do not want to show.
const PHONE_RE = /(?:\+?62|\b0)[\s.-]?8[\dx](?:[\s.-]?[\dx]){6,11}\b/g;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;

let stemmer: StemmerId | undefined; // built on first use: bundles that never stem pay nothing
const stemCache = new Map<string, string>();

/** The stem of one lowercase word (memoised: a suggestion must stay well under 20 ms). */
export function stemWord(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    // Short words and words with digits are codes or abbreviations (pju, ktp, 3kg): keep them.
    s = word.length <= 4 || /\d/.test(word) ? word : (stemmer ??= new StemmerId()).stemWord(word) || word;
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** "rusakkkk" -> "rusak", "tolonggg" -> "tolong": three or more of a letter collapse to one. */
export function squeezeRepeats(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1');
}

function mapWord(word: string): string[] {
  // Reduplication written with a 2 ("anak2", "jalan2") means the plural: keep the word once.
  const w = squeezeRepeats(word.replace(/^(\p{L}{2,})2$/u, '$1'));
  const mapped = INFORMAL_SPELLINGS[w];
  return (mapped ?? w).split(' ');
}

/** Normalises an Indonesian WhatsApp message for triage; never throws. */
export function normalizeText(input: string): NormalizedText {
  let raw = (input ?? '').normalize('NFKC').toLowerCase();
  const urls = (raw.match(URL_RE) ?? []).map((u) => u.replace(/[.,!?;:)\]]+$/, ''));
  raw = raw.replace(URL_RE, ' ');
  const phones = (raw.match(PHONE_RE) ?? []).map((p) => p.replace(/[^\dx]/g, ''));
  raw = raw.replace(PHONE_RE, ' ');
  const emojiCount = (raw.match(EMOJI_RE) ?? []).length;
  // Hyphenated reduplication ("lampu-lampu", "gorong-gorong") stays one word.
  const words = raw
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])-|-(?![\p{L}\p{N}])/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap(mapWord)
    .filter(Boolean);
  const tokens: string[] = [];
  for (const w of words) {
    if (STOPWORDS.has(w) || w.length < 2 || /^\d+$/.test(w)) continue;
    const base = w.includes('-') ? w.split('-')[0]! : w;
    tokens.push(stemWord(base));
  }
  return { text: words.join(' '), words, tokens, urls, phones, emojiCount };
}

/** Content tokens of `text` (shorthand for `normalizeText(text).tokens`). */
export function tokenize(text: string): string[] {
  return normalizeText(text).tokens;
}
