import {
  ACCOUNT_WORDS, ADULT_BAIT_TERMS, AMOUNT_UNITS, ASKING_WORDS, BUYER_VERBS, CAMPAIGN_REPORT_WORDS, CAMPAIGN_TERMS, CHAIN_AUDIENCE,
  CHAIN_CONDITION_WORDS, CHAIN_FORWARD_ROOTS, CHAIN_QUESTION_WORDS, COMPLAINT_WORDS, COURTESY_EMOJI, CREDENTIAL_ASK_VERBS, CREDENTIAL_TERMS,
  DEFECT_WORDS, DEVOTIONAL_TERMS, DOCUMENT_NOUNS, DOCUMENT_SERVICE_TERMS, DOCUMENT_SERVICE_VERBS, DOCUMENT_SHORTCUTS, EARNING_PERIODS, EARNING_VERBS,
  EASY_MONEY_TERMS, ERRAND_TERMS, FAMILY_ADDRESS, GAMBLING_REPORT_WORDS, GAMBLING_TERMS, GOVERNMENT_ADDRESS_WORDS, GREETING_WORDS, HELP_WORDS,
  HOAX_SOURCE_TERMS, HOAX_SPREAD_TERMS, HOAX_SUPPRESSION_TERMS, IMPERSONATED_NAMES, INSULT_EMOJI, INSULT_TARGETS, INSULT_TERMS, INVITATION_TERMS,
  LETTER_TITLES, LINE_META_WORDS, LOAN_TERMS, NEW_NUMBER_TERMS, NOTICE_ACTION, NOTICE_ADDRESS, NOTICE_URGENCY, NO_CHECK_TERMS, OFFER_VERBS,
  OFFICIAL_WORDS, PARANORMAL_TERMS, PAYMENT_REQUEST_TERMS, PAY_VERBS, PLACE_WORDS, PROFANITY, PROMO_TERMS, REPORTING_WORDS, REPORT_GENRE_WORDS,
  RETURN_WORDS, ROMANCE_TERMS, SALE_CONTACT_WORDS, SALE_OFFER_TERMS, SALE_PRICE_QUALIFIERS, SEAT_GUARANTEE_TERMS, SEAT_PAYMENT_TERMS, SEAT_TERMS,
  SECRET_CREDENTIALS, SEND_MONEY_TERMS, STAKE_WORDS, STILL_WANTED_WORDS, STRANGER_BAIT_TERMS, THANKS_WORDS, TRANSFER_VERBS, TRUSTED_LINK_HOSTS,
  TRUTH_QUESTION_WORDS, WALLET_NAMES,
} from './lexicon.ts';
import { normalizeText, stemWord, STOPWORDS, type NormalizedText } from './normalize.ts';
import type { SpamTextReading } from './spam-text.ts';

// Spam score of an incoming message, from signals a verifikator can read
// back ("why is this in Mungkin spam?"). Each spam signal is a probability-like
// weight and they combine as a noisy-OR, 1 - Π(1 - w): two weak signals
// together count more than either, the score stays in 0..1, and no single
// keyword can push a long, concrete complaint over the line on its own.
//
// 'noise' (empty, greeting only, too short) is decided separately from the
// score: the bot then asks kindly for the real problem instead of queueing it.

export type SpamLevel = 'ok' | 'noise' | 'likely_spam';

export type SpamSignal =
  | 'EMPTY'
  | 'GREETING_ONLY'
  | 'TOO_SHORT'
  | 'PROMO_LINK'
  | 'PHISHING_LINK'
  | 'CONTACT_NUMBER'
  | 'PROMO_WORDS'
  | 'GAMBLING'
  | 'LOAN_OFFER'
  | 'DOCUMENT_SERVICE'
  | 'PAYMENT_REQUEST'
  | 'EASY_MONEY'
  | 'CHAIN_LETTER'
  | 'HOAX_FORWARD'
  | 'ADULT_BAIT'
  | 'SALE_OFFER'
  | 'MASS_NOTICE'
  | 'PARANORMAL'
  | 'CAMPAIGN'
  | 'DEVOTIONAL'
  | 'PRANK'
  | 'STRANGER_BAIT'
  | 'WRONG_NUMBER'
  | 'KEYBOARD_MASH'
  | 'REPEATED_WORD'
  | 'PROFANITY'
  | 'FLOOD'
  | 'REJECTED_HISTORY'
  | 'MESSAGE_RATE'
  | 'LEARNED_TEXT';

export interface SpamReason {
  code: SpamSignal;
  /** Contribution to the score after feedback weights (0 for noise reasons, which do not enter the score). */
  weight: number;
  detail_id: string;
  detail_en: string;
  /** Lexicon entries that matched, for the reason text and for learning from feedback. */
  terms?: string[];
}

export interface SpamInput {
  text: string;
  /** A photo, video or location came with the message: a short text is then not noise. */
  hasAttachment?: boolean;
  /** Messages with the same normalised text from OTHER numbers in the caller's window. */
  identicalFromOtherNumbers?: number;
  /** This citizen's earlier reports rejected as spam, and those accepted. */
  rejectedReports?: number;
  acceptedReports?: number;
  /** Messages from this number in the last hour. */
  messagesLastHour?: number;
  /** The desk's learned spam text model on this text (spam-text.ts), when one is trained. */
  learned?: SpamTextReading;
}

/** Thresholds and base weights; admins will edit these as settings. */
export interface SpamSettings {
  /** Score at or above which a message goes to "Mungkin spam". */
  spamThreshold: number;
  /** Fewer content words than this (and no attachment) is noise. */
  minContentWords: number;
  /** Identical texts from this many other numbers is a flood. */
  floodMin: number;
  /** Rejected reports from this citizen before history counts. */
  rejectedMin: number;
  /** Messages per hour above which the rate counts. */
  rateMax: number;
  /** Content words from which a message counts as a real story (dampens profanity and single promo words). */
  storyWords: number;
  /** P(spam) of the learned text model from which it counts (weight LEARNED_TEXT × P). */
  learnedMin: number;
  weights: Record<Exclude<SpamSignal, 'EMPTY' | 'GREETING_ONLY' | 'TOO_SHORT'>, number>;
}

export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  spamThreshold: 0.6,
  minContentWords: 2,
  floodMin: 3,
  rejectedMin: 2,
  rateMax: 20,
  storyWords: 5,
  learnedMin: 0.8,
  weights: {
    PROMO_LINK: 0.45,
    PHISHING_LINK: 0.5,
    CONTACT_NUMBER: 0.25,
    PROMO_WORDS: 0.2, // per distinct term
    GAMBLING: 0.65,
    LOAN_OFFER: 0.3, // per distinct term
    DOCUMENT_SERVICE: 0.45,
    PAYMENT_REQUEST: 0.35, // per distinct term
    EASY_MONEY: 0.3, // per distinct term
    CHAIN_LETTER: 0.65,
    HOAX_FORWARD: 0.65, // two of source, suppression and spreading (0.8 with all three)
    ADULT_BAIT: 0.35, // per distinct term
    SALE_OFFER: 0.6, // a seller's word, a price and a way to buy, all three
    MASS_NOTICE: 0.6, // with two of deadline/threat, action, credentials (0.35 with one, 0.75 with three)
    PARANORMAL: 0.35, // per distinct term
    CAMPAIGN: 0.35, // per distinct term
    DEVOTIONAL: 0.6,
    PRANK: 0.65,
    STRANGER_BAIT: 0.35, // per distinct term
    WRONG_NUMBER: 0.6,
    KEYBOARD_MASH: 0.65,
    REPEATED_WORD: 0.65,
    PROFANITY: 0.7,
    FLOOD: 0.7,
    REJECTED_HISTORY: 0.35,
    MESSAGE_RATE: 0.3,
    LEARNED_TEXT: 0.8,
  },
};

/** Multipliers learnt from verifikator feedback (see learnSpamWeights); 1 = unchanged. */
export interface SpamWeights {
  version: 1;
  signals: Partial<Record<SpamSignal, number>>;
  terms: Record<string, number>;
}

export const NEUTRAL_SPAM_WEIGHTS: SpamWeights = { version: 1, signals: {}, terms: {} };

export interface SpamResult {
  score: number;
  level: SpamLevel;
  reasons: SpamReason[];
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const GREETINGS = new Set<string>(GREETING_WORDS);
const PROFANE_STRONG = new Set<string>(PROFANITY.strong);
const PROFANE_AMBIGUOUS = new Set<string>(PROFANITY.ambiguous);

function termMatcher(terms: readonly string[]) {
  const single = new Set(terms.filter((t) => !t.includes(' ')));
  const phrases = terms.filter((t) => t.includes(' '));
  return (words: readonly string[], joined: string): string[] => {
    const hits = new Set<string>();
    for (const w of words) if (single.has(w)) hits.add(w);
    for (const p of phrases) if (joined.includes(` ${p} `)) hits.add(p);
    return [...hits];
  };
}
const matchGambling = termMatcher(GAMBLING_TERMS);
const matchLoan = termMatcher(LOAN_TERMS);
const matchPromo = termMatcher(PROMO_TERMS);
const matchDocumentService = termMatcher(DOCUMENT_SERVICE_TERMS);
const matchPayment = termMatcher(PAYMENT_REQUEST_TERMS);
const matchEasyMoney = termMatcher(EASY_MONEY_TERMS);
const matchSaleOffer = termMatcher(SALE_OFFER_TERMS);
const matchSeat = termMatcher(SEAT_TERMS);
const matchSeatGuarantee = termMatcher(SEAT_GUARANTEE_TERMS);
const matchSeatPayment = termMatcher(SEAT_PAYMENT_TERMS);
const matchUrgency = termMatcher(NOTICE_URGENCY);
const matchNoticeAction = termMatcher(NOTICE_ACTION);
const matchCredential = termMatcher(CREDENTIAL_TERMS);
const matchParanormal = termMatcher(PARANORMAL_TERMS);
const matchCampaign = termMatcher(CAMPAIGN_TERMS);
const matchCampaignReport = termMatcher(CAMPAIGN_REPORT_WORDS);
const matchDevotional = termMatcher(DEVOTIONAL_TERMS);
const matchRomance = termMatcher(ROMANCE_TERMS);
const DEFECT = new Set<string>(DEFECT_WORDS);
const matchSecret = termMatcher(SECRET_CREDENTIALS);
const ASK_SECRET = new Set<string>(CREDENTIAL_ASK_VERBS);
const matchStrangerBait = termMatcher(STRANGER_BAIT_TERMS);
const FAMILY = new Set<string>(FAMILY_ADDRESS);
const matchErrand = termMatcher(ERRAND_TERMS);
const OFFICIAL = new Set<string>(OFFICIAL_WORDS);
const matchDocumentVerb = termMatcher(DOCUMENT_SERVICE_VERBS);
const matchDocumentNoun = termMatcher(DOCUMENT_NOUNS);
const matchDocumentShortcut = termMatcher(DOCUMENT_SHORTCUTS);
const REPORTING = new Set<string>(REPORTING_WORDS);
const REPORT_GENRE = new Set<string>(REPORT_GENRE_WORDS);
const matchInvitation = termMatcher(INVITATION_TERMS);
const SALE_CONTACT = new Set<string>(SALE_CONTACT_WORDS);
const PRICE_QUALIFIER = new Set<string>(SALE_PRICE_QUALIFIERS);
const NOTICE_TO = new Set<string>(NOTICE_ADDRESS);
const ASKING = new Set<string>(ASKING_WORDS);
const TO_GOVERNMENT = new Set<string>(GOVERNMENT_ADDRESS_WORDS);
const COMPLAINT = new Set<string>(COMPLAINT_WORDS);
const TRUTH_QUESTION = new Set<string>(TRUTH_QUESTION_WORDS);
const HELP = new Set<string>(HELP_WORDS);
const LETTER_TO = new Set<string>(LETTER_TITLES);
const OFFER_VERB = new Set<string>(OFFER_VERBS);
const BUYER = new Set<string>(BUYER_VERBS);
const TRANSFER = new Set<string>(TRANSFER_VERBS);
/** "sy daftar …", "kami sudah bayar …", "sy sudah transfer …": the sender tells what he bought or paid (BUYER_VERBS). */
const boughtIt = (words: readonly string[]) => words.some((w, i) => {
  const verb = (words[i + 1] === 'sudah' ? words[i + 2] : words[i + 1]) ?? '';
  return w === 'saya' && (BUYER.has(verb) || TRANSFER.has(verb));
});
const INSULT_TARGET = new Set<string>(INSULT_TARGETS);
const matchInsult = termMatcher(INSULT_TERMS);
const matchHoaxSource = termMatcher(HOAX_SOURCE_TERMS);
const matchHoaxSuppression = termMatcher(HOAX_SUPPRESSION_TERMS);
const matchHoaxSpread = termMatcher(HOAX_SPREAD_TERMS);
const matchAdultBait = termMatcher(ADULT_BAIT_TERMS);
const matchNewNumber = termMatcher(NEW_NUMBER_TERMS);
const matchSendMoney = termMatcher(SEND_MONEY_TERMS);
const matchNoCheck = termMatcher(NO_CHECK_TERMS);
/** "ditransfer skrg juga 8jt ke rek …": a transfer verb, then "ke rek/rekening/norek/no" within six words. */
const transferTo = (words: readonly string[]) => words.some((w, i) => TRANSFER.has(w) &&
  words.slice(i + 1, i + 7).some((x, k, next) => x === 'ke' && ['rek', 'rekening', 'norek', 'no', 'nomor'].includes(next[k + 1] ?? '')));
const LINE_META = new Set<string>(LINE_META_WORDS);
const LINE_META_STEMS = new Set<string>(LINE_META_WORDS.map(stemWord));
const CHAIN_QUESTION = new Set<string>(CHAIN_QUESTION_WORDS);
/**
 * What a signal keeps when the message reads as a citizen reporting the thing rather than doing it
 * (REPORTING_WORDS: "oknum minta transfer ke rek pribadinya", "ada calo nawarin jasa", "saya ditipu").
 */
export const REPORTED_DAMPING = 0.3;
/** Emoji and typed laughter: "wkwkwk", "hahaha", "xixixi", 🤣 😂 🤭 😜 😝 🤪. */
const LAUGHTER = /(?:wk){2,}|(?:ha){3,}|(?:he){3,}|(?:xi){2,}|[🤣😂🤭😜😝🤪]/u;
const LAUGH_WORD = /^(?:(?:wk)+w?|(?:ha)+h?|(?:he)+h?|(?:hi)+h?|(?:xi)+)$/;
/**
 * "asslmkm", "wsslmkm", "wrwb": a greeting typed without its vowels. Its letters, in order, are the greeting's and it
 * starts as the greeting does; random keys are not the skeleton of a long word.
 */
const GREETING_SKELETONS = GREETING_WORDS.filter((w) => w.length >= 7);
function isSkeletonOf(token: string, word: string): boolean {
  if (token[0] !== word[0] || token.length > word.length) return false;
  let i = 0;
  for (const c of word) if (c === token[i]) i++;
  return i === token.length;
}
const COURTESY = new Set<string>(COURTESY_EMOJI);
const INSULTING_EMOJI = new Set<string>(INSULT_EMOJI);
/** Emoji in a row, with no word, from which the row is a flood rather than a reply: people thank with one to three. */
const EMOJI_FLOOD_MIN = 8;
/** The letter rows of a keyboard: no Indonesian word of three letters or more is a run of one of them. */
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/**
 * Keyboard mashing, read on the raw letters (the normaliser squeezes "ppppppp" to "p"): a long run with hardly a
 * vowel ("jskdhfkjsdh", "asdfghjkl"), one letter held down ("aaaa"), or two keys drummed ("jfjfjfjf").
 */
function isMash(token: string): boolean {
  if (LAUGH_WORD.test(token)) return false;
  if (/^(\p{L})\1{3,}$/u.test(token) || /^(\p{L}\p{L})\1{2,}\p{L}?$/u.test(token)) return true;
  if (GREETING_SKELETONS.some((g) => isSkeletonOf(token, g))) return false;
  if (token.length >= 3 && KEYBOARD_ROWS.some((row) => row.includes(token))) return true; // "asdfgh", "qwe": keys in a row
  // The same run typed back along the row ("jhgf", "poiuy"); from four keys, as "dsa" may be a short "desa".
  if (token.length >= 4 && KEYBOARD_ROWS.some((row) => [...row].reverse().join('').includes(token))) return true;
  const vowels = (token.match(/[aiueo]/g) ?? []).length;
  return token.length >= 7 && vowels / token.length < 0.2; // 7+: "trmksh" and "sktm" are shorthand, not mashing
}
const CHAIN_TO = new Set<string>(CHAIN_AUDIENCE);
const THANKS = new Set<string>(THANKS_WORDS);
const STILL_WANTED = new Set<string>(STILL_WANTED_WORDS);
/** Thanks for something done ("… sdh diperbaiki, makasih"): "sudah" and a di- verb, a thanks word, nothing still wanted. */
function thanksForDone(words: readonly string[], text: string): boolean {
  const done = words.findIndex((w, i) => w === 'sudah' && /^di\p{L}{3,}$/u.test(words[i + 1] ?? ''));
  return done >= 0 && words.some((w) => THANKS.has(w)) && !text.includes('?')
    && !words.some((w, i) => STILL_WANTED.has(w) || (DEFECT.has(w) && i !== done + 1));
}
const GAMBLING_REPORT = new Set<string>(GAMBLING_REPORT_WORDS);
/** A forwarding root with the prefixes meN-/di- ("menyebarkannya", "meneruskan", "dibagikan", "mengirim"). */
const CHAIN_VERB = new RegExp(`^(?:di|mem|men|meng|meny|me)?(?:${CHAIN_FORWARD_ROOTS.map((r) => `${r[0]}?${r.slice(1)}`).join('|')})`);
/**
 * "50rb", "5jt", "2juta", "50-100rb", "150rb-500rb", "1jtan" or "1jt-an" (about a million), "35rebu" (Sundanese and
 * Javanese ribu): an amount as people type it.
 */
const AMOUNT = /^\d+(?:[.,]\d+)?(?:(?:rb|ribu|rebu|k|jt|juta)?-\d+(?:[.,]\d+)?)?(?:(?:rb|ribu|rebu|jt|juta)(?:-?an)?|k)$/;
const AMOUNT_UNIT = new Set<string>(AMOUNT_UNITS);

/** A price: "85jt", "45rb", "1 juta", "rp 150 000", "rp2 500 000", or a seller's price without a figure ("harga agen"). */
function priceIn(words: readonly string[]): string | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1] ?? '';
    if (AMOUNT.test(w) || /^rp\d/.test(w)) return w;
    if (w === 'rp' && /^\d/.test(next)) return `${w} ${next}`;
    if (/^\d+$/.test(w) && AMOUNT_UNIT.has(next)) return `${w} ${next}`;
    if (w === 'harga' && PRICE_QUALIFIER.has(next)) return `${w} ${next}`;
  }
  return null;
}

const ACCOUNT = new Set<string>(ACCOUNT_WORDS);
const PAY = new Set<string>(PAY_VERBS);
/** An e-wallet with a phone number after it (the normaliser takes the number out of the words): the wallet's account. */
const WALLET_NUMBER = new RegExp(`(?<![\\p{L}])(?:${WALLET_NAMES.join('|')})\\s*(?:ke\\s*)?(?:no\\.?\\s*)?(?:\\+?62|0)[\\s.-]?8`, 'u');
/** An account to pay into (ACCOUNT_WORDS with the number after it, or an e-wallet's number) and a verb to pay it. */
function accountToPay(words: readonly string[], text: string): boolean {
  const account = WALLET_NUMBER.test(text) || words.some((w, i) =>
    ACCOUNT.has(w) && [1, 2].some((k) => {
      const next = words[i + k] ?? '';
      return (/^[\dx]*\d[\dx-]*$/.test(next) && next.length >= 3) || ((w === 'rek' || w === 'rekening') && ACCOUNT.has(next));
    }));
  return account && words.some((w) => PAY.has(w));
}
const PERIOD = new Set<string>(EARNING_PERIODS);
const CHAIN_CONDITION = new Set<string>(CHAIN_CONDITION_WORDS);

/** The forwarding verb of a chain letter: up to seven words before "<count> <audience>", or right after "jika tidak". */
function chainForward(words: readonly string[]): string | null {
  for (let i = 1; i < words.length; i++) {
    if (CHAIN_TO.has(words[i]!) && (/^\d+$/.test(words[i - 1]!) || words[i - 1] === 'semua' || words[i - 1] === 'seluruh')) {
      const verb = words.slice(Math.max(0, i - 8), i - 1).find((w) => CHAIN_VERB.test(w));
      if (verb) return verb;
    }
    if (i >= 2 && CHAIN_CONDITION.has(words[i - 2]!) && words[i - 1] === 'tidak' && CHAIN_VERB.test(words[i]!)) return words[i]!;
  }
  return null;
}

/**
 * An amount followed by what it is paid per ("5jt minggu", "50rb per tugas"), or the period first, counted, and the
 * amount right after it ("1 hari 50rb masuk DANA", "sehari bisa 300rb"): the shape of an earnings promise. Not "2
 * hari, rugi 500rb": a citizen's loss comes with its own verb.
 */
const ONE_PERIOD = new Set(EARNING_PERIODS.map((p) => `se${p}`)); // "sehari", "seminggu"
const EARNS = new Set<string>(EARNING_VERBS);
const amountPerPeriod = (words: readonly string[]) => words.some((w, i) => {
  if (AMOUNT.test(w) && PERIOD.has(words[i + 1] ?? '')) return true;
  if (!ONE_PERIOD.has(w) && !(PERIOD.has(w) && /^\d+$/.test(words[i - 1] ?? ''))) return false;
  const next = words[i + 1] ?? '';
  // "sehari bisa 300rb", "sehari bisa dapat 300rb"
  return AMOUNT.test(next) || (EARNS.has(next) && (AMOUNT.test(words[i + 2] ?? '') || (EARNS.has(words[i + 2] ?? '') && AMOUNT.test(words[i + 3] ?? ''))));
});
const STAKE = new Set<string>(STAKE_WORDS);
const RETURNS = new Set<string>(RETURN_WORDS);
/** "20rb", "rp20 000", "rp 20", "20 ribu": an amount starting at words[i]. */
const amountAt = (words: readonly string[], i: number) => {
  const w = words[i] ?? '';
  return AMOUNT.test(w) || /^rp\d/.test(w) || (w === 'rp' && /^\d/.test(words[i + 1] ?? '')) || (/^\d+$/.test(w) && AMOUNT_UNIT.has(words[i + 1] ?? ''));
};
/**
 * A stake and what it turns into, the promise of every investment, arisan and slot scam (STAKE_WORDS): the stake word
 * one or two words before an amount (or "receh", "kecil"), a return word up to five words on, and an amount, a
 * multiple ("2x", "lipat") or "puluhan juta" right after it.
 */
const stakeToReturn = (words: readonly string[]) => words.some((w, i) => {
  if (!STAKE.has(words[i - 1] ?? '') && !STAKE.has(words[i - 2] ?? '')) return false;
  if (!amountAt(words, i) && w !== 'receh' && w !== 'kecil') return false;
  const j = words.slice(i + 1, i + 6).findIndex((x) => RETURNS.has(x));
  if (j < 0) return false;
  const at = i + 2 + j;
  return [at, at + 1].some((k) => amountAt(words, k) || /^\d+x$/.test(words[k] ?? '') || ['lipat', 'puluhan', 'ratusan', 'jutaan'].includes(words[k] ?? ''));
});

/** A word about the line itself (LINE_META_WORDS), also inflected ("laporannya", "dibalas"). */
const isLineMeta = (w: string) => LINE_META.has(w) || LINE_META.has(w.replace(/(?:nya|lah)$/, '')) || LINE_META_STEMS.has(stemWord(w));

/** Capitalised names after "Desa"/"Dusun"/"Kec." ("saya warga Desa Lubuk Seberuk"), lowercased: an introduction, not a problem. */
const PLACE_NAME = new RegExp(`(?<![\\p{L}])(?:${[...PLACE_WORDS, 'ds', 'dsn', 'kel', 'kec', 'kab'].map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})\\.?\\s+((?:\\p{Lu}[\\p{L}'-]*\\s*){1,3})`, 'gu');
function placeNames(text: string): Set<string> {
  const names = new Set<string>(PLACE_WORDS);
  for (const m of text.matchAll(PLACE_NAME)) for (const w of m[1]!.trim().split(/\s+/)) names.add(w.toLowerCase());
  return names;
}

function deLeet(word: string): string {
  return /[a-z]/.test(word) && /[0-9@$]/.test(word) ? word.replace(/[0134357@$]/g, (c) => LEET[c] ?? c) : word;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

function termFactor(weights: SpamWeights, terms: readonly string[]): number {
  // The strongest remaining term decides: one "bukan spam" on "anjing" must not silence "bangsat".
  return terms.length ? Math.max(...terms.map((t) => weights.terms[t] ?? 1)) : 1;
}

/**
 * Scores one message. Pure: the caller counts floods, history and rate.
 * `weights` are the multipliers learnt from feedback.
 */
export function spamScore(
  input: SpamInput,
  settings: SpamSettings = DEFAULT_SPAM_SETTINGS,
  weights: SpamWeights = NEUTRAL_SPAM_WEIGHTS,
  normalized: NormalizedText = normalizeText(input.text),
): SpamResult {
  const n = normalized;
  const words = n.words.map(deLeet);
  const joined = ` ${words.join(' ')} `;
  const reasons: SpamReason[] = [];
  const add = (code: SpamSignal, base: number, detail_id: string, detail_en: string, terms?: string[]) => {
    const w = clamp01(base * (weights.signals[code] ?? 1) * termFactor(weights, terms ?? []));
    if (w > 0) reasons.push({ code, weight: round(w), detail_id, detail_en, ...(terms?.length ? { terms } : {}) });
  };
  const W = settings.weights;

  // Content words: not a stopword, greeting or profanity. What makes a message a story.
  const content = words.filter((w) => w.length > 1 && !STOPWORDS.has(w) && !GREETINGS.has(w) && !PROFANE_STRONG.has(w));
  const isStory = content.length >= settings.storyWords;

  // A citizen reporting a scam, a calo or an extortion uses the offer's words too: "oknum minta transfer ke rek pribadinya".
  // "Jangan sampai jadi korban" is the warning a hoax or a scam gives, not a citizen who became one.
  const warning = (i: number) => words[i] === 'korban' && words.slice(Math.max(0, i - 3), i).some((w) => w === 'jangan');
  // "kami dari CV … menawarkan bibit sawit", "sy tawarkan kerjasama": the sender offers; "ada calo menawarkan" reports.
  const selfOffer = (i: number) => OFFER_VERB.has(words[i]!) && words.slice(Math.max(0, i - 6), i).includes('saya');
  // "Min ada yg ngirim ini ke saya: '… klaim di bantuan-umkm-pemkab.com'. Beneran program pemkab ga?": a citizen
  // passing on what he received, asking whether it is true.
  const asksWhetherTrue = input.text.split(/(?<=[.!?\n])/).some((s) =>
    s.trim().endsWith('?') && s.toLowerCase().split(/[^\p{L}]+/u).some((w) => TRUTH_QUESTION.has(w)));
  // "Lapor pak, ada promo … di toko kami, yuk mampir": a pitch to the reader makes "lapor" the fake complaint's cover.
  const stake = stakeToReturn(n.words);
  const pitch = matchInvitation(words, joined).length > 0;
  const cover = (w: string) => pitch && REPORT_GENRE.has(w);
  const reported = asksWhetherTrue || words.some((w, i) => REPORTING.has(w) && !warning(i) && !selfOffer(i) && !cover(w));
  const complains = words.some((w) => COMPLAINT.has(w) && !cover(w));
  /** REPORTED_DAMPING when the message reports the thing (or `alsoReported`, a signal's own report words), else 1. */
  const unlessReported = (alsoReported = false) => (reported || alsoReported ? REPORTED_DAMPING : 1);
  const links = n.urls.filter((u) => !TRUSTED_LINK_HOSTS.some((h) => u.includes(h)));
  // A citizen who reports a link ("ada yg sebar link bansos-kemensos-cek.blogspot.com, minta isi NIK") sends it too.
  if (links.length) add('PROMO_LINK', W.PROMO_LINK * unlessReported(), `Berisi tautan (${links.length}) ke luar situs pemerintah atau peta.`, `Contains ${links.length} link(s) other than a map or government page.`);
  const borrowed = [...new Set(links.flatMap((u) => IMPERSONATED_NAMES.filter((name) => u.split(/[^a-z0-9]+/).includes(name))))];
  // The file itself has a name ("Surat Tilang.apk", "Undangan_Digital.apk", "dukcapil-ikd.apk-download.net"); a citizen
  // who warns about it names the kind of file ("kirim file .apk ke ibu2 PKK", "ternyata apk").
  const apk = /[\p{L}\p{N}_)\]-]\.apk\b/iu.test(input.text);
  if (borrowed.length || apk) {
    const what = [...borrowed, ...(apk ? ['.apk'] : [])];
    add('PHISHING_LINK', W.PHISHING_LINK * (apk ? 1.3 : 1) * unlessReported(), `Tautan atau berkas yang menyamar: ${what.join(', ')}.`, `A link or file in disguise: ${what.join(', ')}.`, what);
  }
  const waMe = n.urls.some((u) => u.includes('wa.me/'));
  if (n.phones.length || waMe) add('CONTACT_NUMBER', W.CONTACT_NUMBER, 'Mencantumkan nomor telepon atau tautan wa.me untuk dihubungi.', 'Gives a phone number or wa.me link to contact.');

  const gambling = matchGambling(words, joined);
  // An advert sells the game: several of its words, or one with a link, a number or a promotional word. One
  // gambling word in a story with none of these is a citizen describing what he sees, in whatever language he
  // writes ("ngapunten pak, teng desa … wonten bandar togel, saben sore rame"), where GAMBLING_REPORT_WORDS,
  // which are Indonesian, do not reach.
  // A gambling word written in digits to slip past filters ("m4x w1n d1 s1tus k4m1") is the advert's own: a citizen
  // describing what he sees has nothing to hide it from.
  const disguised = gambling.some((t) => !matchGambling(n.words, ` ${n.words.join(' ')} `).includes(t));
  const sellsGambling = gambling.length > 1 || links.length > 0 || n.phones.length > 0 || matchPromo(words, joined).length > 0 || disguised;
  if (gambling.length) add('GAMBLING', (W.GAMBLING + 0.1 * (gambling.length - 1)) * (isStory && !sellsGambling ? 0.5 : 1) * unlessReported(words.some((w) => GAMBLING_REPORT.has(w))), `Kata judi online: ${gambling.join(', ')}.`, `Online gambling words: ${gambling.join(', ')}.`, gambling);
  const loan = matchLoan(words, joined);
  if (loan.length) add('LOAN_OFFER', Math.min(0.8, W.LOAN_OFFER * loan.length) * (isStory && loan.length === 1 ? 0.5 : 1), `Kata tawaran pinjaman: ${loan.join(', ')}.`, `Loan-offer words: ${loan.join(', ')}.`, loan);
  // A calo's advert as a structure: a service, a document, and the shortcut past the office
  // ("jasa buat paspor kilat 3 hari jadi, tdk perlu wawancara", "bantu urus KTP … tinggal terima jadi").
  const docVerb = matchDocumentVerb(words, joined);
  const docNoun = matchDocumentNoun(words, joined);
  const docShortcut = matchDocumentShortcut(words, joined);
  const docOffer = docVerb.length > 0 && docNoun.length > 0 && docShortcut.length > 0;
  const docService = [...new Set([...matchDocumentService(words, joined), ...(docOffer ? [docVerb[0]!, docShortcut[0]!] : [])])];
  if (docService.length) {
    // "ada calo nawarin jasa pembuatan ktp" is a report about the calo, not the calo's advert.
    add('DOCUMENT_SERVICE', (docOffer ? W.SALE_OFFER : W.DOCUMENT_SERVICE) * unlessReported(), `Menawarkan jasa pembuatan dokumen: ${docService.join(', ')}.`, `Offers to make documents for a fee: ${docService.join(', ')}.`, docService);
  }
  // "Ma ini aku, hp lama rusak jadi pake nomor temen … tolong kirim pulsa 200rb ke nomor ini": a relative on a new
  // number asking for money, the commonest SMS scam; it weighs as an advert's three parts do.
  // A customer tells of the promotion he answered or what he paid ("PDAM ngadain promo sambungan baru, sy daftar … sdh
  // bayar biaya survei 300rb, tp pipa blm dipasang", "sy sudah transfer ke rek Samsat …, tolong konfirmasi ke saya"):
  // his complaint, not an advert or a request for money.
  const customer = boughtIt(words);
  const newNumberPlea = matchNewNumber(words, joined).length > 0 && matchSendMoney(words, joined).length > 0;
  // The emergency scam: money asked for now, and the reader kept from checking ("… ke rek dokter jaga. Jangan telp dulu").
  const noCheckPlea = matchNoCheck(words, joined).length > 0 && (transferTo(words) || matchSendMoney(words, joined).length > 0);
  const payment = [
    ...matchPayment(words, joined), ...(accountToPay(n.words, input.text.toLowerCase()) ? ['nomor rekening tujuan'] : []),
    ...(newNumberPlea ? ['nomor baru minta uang'] : []), ...(noCheckPlea ? ['minta uang, jangan dicek'] : []),
  ];
  if (payment.length) add('PAYMENT_REQUEST', Math.max(Math.min(0.8, W.PAYMENT_REQUEST * payment.length), newNumberPlea || noCheckPlea ? W.SALE_OFFER : 0) * unlessReported(customer), `Meminta transfer atau donasi: ${payment.join(', ')}.`, `Asks for a transfer or donation: ${payment.join(', ')}.`, payment);
  // A stake that grows is the scheme's promise unless the message pleads or objects: a citizen who reports the arisan
  // tells its promise too.
  const easy = [...matchEasyMoney(words, joined), ...(amountPerPeriod(n.words) ? ['jumlah per periode'] : []), ...(stake && !complains ? ['modal berlipat'] : [])];
  // A civil-service seat sold as a sure thing weighs as an advert's three parts do (SALE_OFFER); a citizen asking
  // whether such an offer is true ("apakah benar … dijamin lulus kalau bayar?") is damped like one reporting it.
  // On the raw words too: the normaliser squeezes "pppk" to "pk".
  const rawWords = input.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const seat = matchSeat(words, joined).length > 0 || matchSeat(rawWords, ` ${rawWords.join(' ')} `).length > 0;
  const seatSold = seat && matchSeatGuarantee(words, joined).length > 0 && matchSeatPayment(words, joined).length > 0;
  if (seatSold) easy.push('kursi asn dijamin');
  if (easy.length) {
    const base = Math.max(Math.min(0.8, W.EASY_MONEY * easy.length) * (isStory && easy.length === 1 ? 0.5 : 1), seatSold ? W.SALE_OFFER : 0);
    add('EASY_MONEY', base * unlessReported(seatSold && words.some((w) => CHAIN_QUESTION.has(w) || w === 'apakah' || w === 'benar')), `Tawaran uang mudah atau kerja/kelulusan instan: ${easy.join(', ')}.`, `Easy-money, job or exam-pass offer: ${easy.join(', ')}.`, easy);
  }
  const chain = chainForward(words);
  if (chain) add('CHAIN_LETTER', W.CHAIN_LETTER * unlessReported(words.some((w) => CHAIN_QUESTION.has(w))), `Pesan berantai: minta diteruskan (${chain}).`, `Chain message: asks to be passed on (${chain}).`, [chain]);
  // A hoax forward: where it came from, that the truth is kept from you, and to spread it; two of the three. One alone
  // is a citizen passing a warning on ("tolong teruskan ke dinas PU", "Sebarkan!!! besok ada razia").
  const hoax = [matchHoaxSource(words, joined), matchHoaxSuppression(words, joined), matchHoaxSpread(words, joined)].filter((t) => t.length);
  if (hoax.length >= 2) {
    const what = hoax.map((t) => t[0]!);
    add('HOAX_FORWARD', W.HOAX_FORWARD * (hoax.length === 3 ? 1.25 : 1) * unlessReported(words.some((w) => CHAIN_QUESTION.has(w))), `Pesan hoaks terusan: ${what.join(', ')}.`, `A forwarded hoax: ${what.join(', ')}.`, what);
  }
  const adult = [...matchAdultBait(words, joined), ...(input.text.includes('🔞') ? ['🔞'] : [])];
  if (adult.length) add('ADULT_BAIT', Math.min(0.8, W.ADULT_BAIT * adult.length) * unlessReported(), `Umpan konten dewasa: ${adult.join(', ')}.`, `Adult-content bait: ${adult.join(', ')}.`, adult);

  const promo = matchPromo(words, joined);
  if (promo.length) add('PROMO_WORDS', Math.min(0.8, W.PROMO_WORDS * promo.length * (isStory && promo.length === 1 ? 0.5 : 1)) * unlessReported(customer || complains), `Kata promosi: ${promo.join(', ')}.`, `Promotional words: ${promo.join(', ')}.`, promo);

  // An advert needs all three of its parts; a citizen complaining about a price names a seller's word and a
  // price ("minyakita dijual 20rb padahal HET 15.700"), not a way to buy.
  const offer = matchSaleOffer(words, joined);
  const price = offer.length ? priceIn(n.words) : null; // not de-leeted: "85jt" is an amount, not "8sjt"
  const buy = n.phones.length || waMe ? 'nomor kontak' : words.find((w) => SALE_CONTACT.has(w));
  if (offer.length && price && buy) {
    const what = [offer[0]!, price, buy];
    // "sy jual karet 8rb/kg ke tengkulak, murah sekali, tolong hubungi dinas": a farmer asking for help, not an advert.
    add('SALE_OFFER', W.SALE_OFFER * unlessReported(customer || complains), `Iklan jualan: barang, harga dan cara membeli (${what.join(', ')}).`, `A sales advert: an item, a price and a way to buy (${what.join(', ')}).`, offer);
  }

  // A notice to many numbers in an institution's name: "anda"/"Yth"/"nasabah", and a deadline or threat, an
  // action, or credentials (OTP, PIN, nama ibu kandung).
  // "Yth. Bapak Bupati" opens a citizen's letter; "Nasabah Yth", "Pelanggan PLN yth" a mass notice.
  const addressed = words.some((w, i) => NOTICE_TO.has(w) && !(w === 'yth' && LETTER_TO.has(words[i + 1] ?? '')));
  // A secret (OTP, PIN, password) asked of the reader, up to eight words after the verb, is the notice whatever the
  // address ("Mohon kirim foto KTP, KK, dan kode OTP yg masuk ke HP bapak/ibu"); not a warning ("jangan berikan kode OTP").
  const secretAsked = matchSecret(words, joined).length > 0 && words.some((w, i) =>
    ASK_SECRET.has(w) && words[i - 1] !== 'jangan' && matchSecret(words.slice(i + 1, i + 9), ` ${words.slice(i + 1, i + 9).join(' ')} `).length > 0);
  if (addressed || secretAsked) {
    const action = matchNoticeAction(words, joined);
    const parts = [matchUrgency(words, joined), secretAsked && !action.length ? ['minta kode rahasia'] : action, matchCredential(words, joined)].filter((t) => t.length);
    if (parts.length) {
      const what = parts.map((t) => t[0]!);
      add('MASS_NOTICE', W.MASS_NOTICE * [0, 0.6, 1, 1.25][parts.length]! * unlessReported(), `Pemberitahuan massal atas nama lembaga, meminta tindakan atau data (${what.join(', ')}).`, `A mass notice in an institution's name asking for an action or data (${what.join(', ')}).`, what);
    }
  }

  const paranormal = matchParanormal(words, joined);
  if (paranormal.length) add('PARANORMAL', Math.min(0.8, W.PARANORMAL * paranormal.length) * unlessReported(), `Jasa paranormal/dukun: ${paranormal.join(', ')}.`, `Paranormal services: ${paranormal.join(', ')}.`, paranormal);

  const campaign = matchCampaign(words, joined);
  if (campaign.length) add('CAMPAIGN', Math.min(0.8, W.CAMPAIGN * campaign.length) * unlessReported(matchCampaignReport(words, joined).length > 0), `Pesan kampanye: ${campaign.join(', ')}.`, `Election campaign message: ${campaign.join(', ')}.`, campaign);

  // A devotional or motivational broadcast asks the government for nothing; with "mohon"/"tolong"/"belum" it is a
  // request that happens to bless ("… semoga menjadi amal jariyah bapak").
  const devotional = matchDevotional(words, joined);
  if (devotional.length >= 2 && words.length >= 8 && !words.some((w) => ASKING.has(w) || TO_GOVERNMENT.has(w))) {
    add('DEVOTIONAL', W.DEVOTIONAL, `Pesan siaran renungan/keagamaan, tanpa laporan: ${devotional.join(', ')}.`, `A devotional broadcast with no report in it: ${devotional.join(', ')}.`, devotional);
  }

  // A joke about one's love life, with laughter, sent as a "report". A love-life word alone is often real
  // ("anak saya dibawa kabur mantan suami"), so laughter is required.
  const romance = matchRomance(words, joined);
  // Something broken named beside the joke ("… lebih sayang lagi kalo jalan diaspal wkwk") is a report told with a laugh.
  const defect = words.some((w) => DEFECT.has(w));
  if (romance.length && LAUGHTER.test(input.text.toLowerCase())) add('PRANK', W.PRANK * (defect ? REPORTED_DAMPING : 1), `Laporan candaan: ${romance.join(', ')} dengan tawa.`, `A prank "report": ${romance.join(', ')} with laughter.`, romance);
  // A stranger's opener: "boleh kenalan? lagi cari teman ngobrol", "udah nikah belum?", "boleh save nomor aku?".
  const stranger = matchStrangerBait(words, joined);
  if (stranger.length) add('STRANGER_BAIT', Math.min(0.8, W.STRANGER_BAIT * stranger.length) * unlessReported(), `Ajakan kenalan dari orang tak dikenal: ${stranger.join(', ')}.`, `A stranger's opener: ${stranger.join(', ')}.`, stranger);
  // A message meant for the family ("Mak, nanti pulang beli telor …"): a family address first and an errand, and
  // nothing asked of the government nor anything broken.
  // "Mak saya dirawat …", "Ayah sy di IGD …": the family word followed by "saya" is the subject, not the one addressed
  // ("Mah, aku udh di stasiun": the comma says it is).
  const familyFirst = FAMILY.has(words[0] ?? '') && (words[1] !== 'saya' || /^\s*\p{L}+\s*[,.!:]/u.test(input.text));
  const errand = familyFirst ? matchErrand(words, joined) : [];
  if (errand.length && !words.some((w) => COMPLAINT.has(w) || DEFECT.has(w) || OFFICIAL.has(w))) {
    add('WRONG_NUMBER', W.WRONG_NUMBER, `Pesan untuk keluarga yang salah kirim (${words[0]}, ${errand[0]}).`, `A message meant for the family, sent here by mistake (${words[0]}, ${errand[0]}).`, [words[0]!, ...errand]);
  }

  // Keyboard mashing and one word repeated: nothing a person meant to say. Read on the raw tokens.
  const raw = input.text.toLowerCase().normalize('NFKC').split(/[^\p{L}]+/u).filter(Boolean);
  const mash = raw.filter(isMash);
  // One letter held along with it ("asdfghjkl jjjjj kkk") is more of the same: no word is one letter three times.
  if (mash.length && raw.every((t) => isMash(t) || LAUGH_WORD.test(t) || t.length <= 2 || /^(\p{L})\1+$/u.test(t))) add('KEYBOARD_MASH', W.KEYBOARD_MASH, `Ketikan acak: ${mash.slice(0, 3).join(', ')}.`, `Keyboard mashing: ${mash.slice(0, 3).join(', ')}.`);
  // A row of emoji with no word ("😂😂😂😂😂😂😂😂🤣🤣🤣", "🐒🐒🐒🌹🌹💃💃💃🎉🎉"), the emoji form of mashing; one to a few, or
  // only thanks and greeting emoji ("🙏🙏🙏"), stay noise: the bot asks what the problem is.
  const emoji = input.text.match(/\p{Extended_Pictographic}/gu) ?? [];
  if (words.length === 0 && n.urls.length === 0 && emoji.length >= EMOJI_FLOOD_MIN && emoji.some((e) => !COURTESY.has(e))) {
    add('KEYBOARD_MASH', W.KEYBOARD_MASH, `Deretan emoji tanpa kata (${emoji.length}).`, `A row of ${emoji.length} emoji with no word.`);
  }
  const distinct = new Set(words);
  // Not a cry for help ("tolong tolong tolong …"): that is noise the bot answers, asking what happened.
  if (words.length >= 5 && distinct.size * 3 <= words.length && content.every((w) => /^\d+$/.test(w)) && !words.some((w) => HELP.has(w))) add('REPEATED_WORD', W.REPEATED_WORD, `Kata yang sama diulang-ulang: ${[...distinct].join(', ')}.`, `The same word over and over: ${[...distinct].join(', ')}.`);

  const strong = [...new Set(words.filter((w) => PROFANE_STRONG.has(w)))];
  const ambiguous = [...new Set(words.filter((w) => PROFANE_AMBIGUOUS.has(w)))];
  // An insult idiom ("makan gaji buta", "muka tembok") or an insulting emoji counts only in a message that names
  // nothing else: no problem, only its target (pejabat, kalian, pemda) and filler.
  const insults = [...matchInsult(words, joined), ...(words.length === 0 ? emoji.filter((e) => INSULTING_EMOJI.has(e)).slice(0, 1) : [])];
  const insultWords = new Set(insults.flatMap((t) => t.split(' ')));
  // An angry citizen with a real problem is still a citizen with a real problem;
  // an animal word with something around it ("anjing liar menggigit") is content.
  const other = content.filter((w) => !PROFANE_AMBIGUOUS.has(w) && !insultWords.has(w) && !INSULT_TARGET.has(w) && !isLineMeta(w)).length;
  const insultOnly = other < settings.minContentWords;
  // With a photo, "💩💩" or "makan gaji buta" is the caption of what it shows.
  if (strong.length || ambiguous.length || (insults.length && insultOnly && !input.hasAttachment)) {
    const base = insultOnly ? W.PROFANITY : W.PROFANITY * (strong.length ? 1 : 0.4) * (isStory ? 0.25 : 1);
    const terms = [...strong, ...ambiguous, ...insults];
    const story = isStory && !insultOnly;
    add('PROFANITY', base, `Kata kasar/makian: ${terms.join(', ')}${story ? ' (pesan tetap berisi laporan)' : ''}.`, `Insults or profanity: ${terms.join(', ')}${story ? ' (the message still carries a report)' : ''}.`, terms);
  }

  const flood = input.identicalFromOtherNumbers ?? 0;
  if (flood >= settings.floodMin) add('FLOOD', Math.min(0.95, W.FLOOD + 0.05 * (flood - settings.floodMin)), `Teks yang sama dikirim dari ${flood} nomor lain.`, `The same text came from ${flood} other numbers.`);
  const rejected = input.rejectedReports ?? 0;
  if (rejected >= settings.rejectedMin) {
    const accepted = input.acceptedReports ?? 0;
    add('REJECTED_HISTORY', (W.REJECTED_HISTORY * rejected) / (rejected + accepted + 1), `${rejected} laporan sebelumnya dari nomor ini ditolak sebagai spam.`, `${rejected} earlier reports from this number were rejected as spam.`);
  }
  const rate = input.messagesLastHour ?? 0;
  if (rate > settings.rateMax) add('MESSAGE_RATE', W.MESSAGE_RATE, `${rate} pesan dalam satu jam terakhir.`, `${rate} messages in the last hour.`);

  // Noise: nothing to act on yet (read here, before the learned signal, which does not read it).
  const noise = ((): Omit<SpamReason, 'weight'> | null => {
    if (input.hasAttachment) return null;
    const places = placeNames(input.text);
    if (words.length === 0 && n.urls.length === 0) return { code: 'EMPTY', detail_id: 'Pesan kosong atau hanya emoji/tanda baca.', detail_en: 'Empty, or only emoji and punctuation.' };
    if (content.length === 0 && words.every((w) => GREETINGS.has(w) || STOPWORDS.has(w))) return { code: 'GREETING_ONLY', detail_id: 'Hanya salam atau sapaan, belum ada isi laporan.', detail_en: 'Only a greeting, no report yet.' };
    if (!strong.length && !ambiguous.length && content.every((w) => isLineMeta(w) || places.has(w))) return { code: 'GREETING_ONLY', detail_id: 'Hanya salam, perkenalan atau pertanyaan tentang layanan ini, belum ada isi laporan.', detail_en: 'Only a greeting, an introduction or a question about this line, no report yet.' };
    // A short thanks only: a longer message may go on to the next problem.
    if (!strong.length && !ambiguous.length && content.length <= 4 && thanksForDone(words, input.text)) return { code: 'GREETING_ONLY', detail_id: 'Ucapan terima kasih atas yang sudah dikerjakan, tanpa laporan baru.', detail_en: 'Thanks for what was done, no new report.' };
    if (content.length < settings.minContentWords && !strong.length && !ambiguous.length) return { code: 'TOO_SHORT', detail_id: 'Terlalu singkat untuk dipahami sebagai laporan.', detail_en: 'Too short to be understood as a report.' };
    return null;
  })();

  // The learned model is trained on the desk's spam against its reports; it never sees a greeting or a question
  // about the line ("min, ini nomor pengaduan kan?"), so on what the lexicon reads as noise, with no spam signal of
  // its own, it guesses from words spam also uses ("nomor"). And it reads words, not who is speaking: a citizen
  // complaining or reporting a scam uses the words of the messages the desk rejected, and a resident who writes in
  // English writes in the language of the desk's English scams ("… the service at RSUD is really bad … Please
  // evaluate"). There, alone, it counts as a reported signal does. A message that reports the thing (ditipu, beredar,
  // modus, minta …) damps it like every other signal, whatever else fires: a citizen who quotes the scam he received
  // trips a weak lexicon signal too, and a confident learned score must not hide him on that account. A complaint word
  // alone ("mohon", "tolong") damps it only when the lexicon has no signal: an OTP scam's "mohon sebutkan" is the
  // scam's own politeness, and there the two agree and it counts in full.
  const learned = input.learned;
  const lexiconAgrees = reasons.length > 0;
  if (learned && learned.probability >= settings.learnedMin && (lexiconAgrees || !noise)) {
    const said = learned.words.join(', ');
    const complaint = reported || (!lexiconAgrees && complains);
    add('LEARNED_TEXT', W.LEARNED_TEXT * learned.probability * (complaint ? REPORTED_DAMPING : 1), `Mirip pesan yang dulu ditolak sebagai spam oleh meja pengaduan${said ? ` (kata: ${said})` : ''}.`, `Looks like messages the desk rejected as spam before${said ? ` (words: ${said})` : ''}.`);
  }

  const score = round(1 - reasons.reduce((p, r) => p * (1 - r.weight), 1));

  if (score >= settings.spamThreshold) return { score, level: 'likely_spam', reasons };

  // Noise reasons carry weight 0: they do not enter the score.
  if (noise) return { score, level: 'noise', reasons: [...reasons, { ...noise, weight: 0 }] };
  return { score, level: 'ok', reasons };
}

/** Signals that carry the lexicon terms they fired on: feedback moves the terms, not the signal. */
const TERM_SIGNALS = new Set<SpamSignal>([
  'GAMBLING', 'LOAN_OFFER', 'DOCUMENT_SERVICE', 'PROMO_WORDS', 'PROFANITY', 'PAYMENT_REQUEST', 'EASY_MONEY', 'CHAIN_LETTER', 'PHISHING_LINK',
  'SALE_OFFER', 'MASS_NOTICE', 'PARANORMAL', 'CAMPAIGN', 'DEVOTIONAL', 'PRANK', 'STRANGER_BAIT', 'WRONG_NUMBER',
]);

/** A judged message, with the same caller counts it was scored with. */
export interface SpamFeedback extends SpamInput {
  /** The verifikator's verdict: 'not_spam' is the "bukan spam" button. */
  verdict: 'spam' | 'not_spam';
}

/**
 * Learns multipliers from verifikator feedback. Pure: the same feedback list
 * always gives the same weights. For every signal and lexicon term that fired
 * on a judged text, multiplier = (1 + confirmed) / (1 + overruled), kept
 * within [0.1, 2]: three "bukan spam" on "anjing liar ..." texts cut "anjing"
 * to a quarter, a confirmed spam raises a term again. Signals fired from
 * caller counts (flood, history, rate) are judged the same way.
 */
export function learnSpamWeights(feedback: readonly SpamFeedback[], settings: SpamSettings = DEFAULT_SPAM_SETTINGS): SpamWeights {
  const sig = new Map<SpamSignal, [number, number]>();
  const term = new Map<string, [number, number]>();
  const bump = <K>(m: Map<K, [number, number]>, k: K, spam: boolean) => {
    const c = m.get(k) ?? [0, 0];
    c[spam ? 0 : 1]++;
    m.set(k, c);
  };
  for (const f of feedback) {
    const { reasons } = spamScore(f, settings);
    for (const r of reasons) {
      if (r.weight === 0) continue;
      bump(sig, r.code, f.verdict === 'spam');
      for (const t of r.terms ?? []) bump(term, t, f.verdict === 'spam');
    }
  }
  const factor = ([spam, notSpam]: [number, number]) => round(Math.min(2, Math.max(0.1, (1 + spam) / (1 + notSpam))));
  const signals: Partial<Record<SpamSignal, number>> = {};
  // Signals learn only from texts where they fired without a lexicon term to blame.
  for (const [k, v] of [...sig].sort(([a], [b]) => a.localeCompare(b))) if (!TERM_SIGNALS.has(k)) signals[k] = factor(v);
  const terms: Record<string, number> = {};
  for (const [k, v] of [...term].sort(([a], [b]) => a.localeCompare(b))) terms[k] = factor(v);
  return { version: 1, signals, terms };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
