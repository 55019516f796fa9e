import { normalizePhone } from '../phone.ts';

// What a citizen types to the verifikator ("nama saya Budi, HP 0812-3456-7890,
// NIK 3171…") must not reach the agencies that handle the report: reporter
// identity is confidential. This finds identity in free text so the
// adapters can store a redacted copy for agencies and the original for the
// verifikator only.

export type IdentityKind = 'phone' | 'nik' | 'email' | 'name';

/** One piece of identity found in a text: `text.slice(start, end)`. */
export type IdentitySpan = { start: number; end: number; kind: IdentityKind; text: string };

/** Who the text may name: the reporter's own names (display name, WhatsApp profile name). */
export type IdentityHints = { names?: ReadonlyArray<string | null | undefined> };

/** What agencies read instead of the hidden part (Bahasa Indonesia, readable in a sentence). */
export const REDACTION_PLACEHOLDERS: Record<IdentityKind, string> = {
  phone: '[nomor HP disembunyikan]',
  nik: '[NIK disembunyikan]',
  email: '[email disembunyikan]',
  name: '[nama pelapor disembunyikan]',
};

const LETTER_OR_DIGIT = '\\p{L}\\p{N}';

// ---------------------------------------------------------------------------
// Phone numbers

// A run of digits with single separators between groups (space, dash, dot,
// slash-free), optionally a leading "+" and parentheses around an area code:
// "0812-3456-7890", "+62 812 3456 7890", "(0711) 123456", "62.812.3456.7890".
const NUMBER_RUN = /(?<![\p{N}+])\+?\(?\d(?:\d|[ \u00a0.\-]\(?(?=\d)|\)[ \u00a0.\-]?(?=\d))*\)?/gu;
// dd-mm-yyyy, dd/mm/yy, yyyy-mm-dd: never a phone number.
const DATE_LIKE = /^(?:\d{1,2}[.\-]\d{1,2}[.\-](?:\d{2}|\d{4})|\d{4}[.\-]\d{1,2}[.\-]\d{1,2})$/;

/** The groups of a number run with their offsets inside it ("0812-3456" -> ["0812", "3456"]). */
function groupsOf(run: string): Array<{ end: number; digits: string }> {
  const out: Array<{ end: number; digits: string }> = [];
  const re = /\+?\(?\d+\)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(run))) out.push({ end: m.index + m[0].length, digits: m[0].replace(/\D/g, '') });
  return out;
}

/**
 * A number spelled the way Indonesians write a phone: "+…" (any country),
 * "00…", "62…" or a national "0…" number that libphonenumber calls valid.
 */
function phoneOf(candidate: string): string | null {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return null;
  const plus = candidate.trimStart().startsWith('+');
  if (!plus && !/^(?:0|62)/.test(digits)) return null;
  if (DATE_LIKE.test(candidate.trim())) return null;
  return normalizePhone(plus ? `+${digits}` : digits);
}

function findPhones(text: string): IdentitySpan[] {
  const spans: IdentitySpan[] = [];
  for (const m of text.matchAll(NUMBER_RUN)) {
    const run = m[0];
    const groups = groupsOf(run);
    // A number followed by another figure ("0812 3456 7890 2026") is found as
    // one run: take the longest leading groups that make a valid number, then
    // look again after it.
    let from = 0;
    while (from < groups.length) {
      let found = -1;
      const startOffset = from === 0 ? 0 : groups[from - 1]!.end;
      for (let to = groups.length - 1; to >= from; to--) {
        const piece = run.slice(startOffset, groups[to]!.end).replace(/^[ \u00a0.\-]+/, '');
        if (phoneOf(piece)) {
          found = to;
          break;
        }
      }
      if (found < 0) {
        from++;
        continue;
      }
      const lead = run.slice(startOffset).length - run.slice(startOffset).replace(/^[ \u00a0.\-]+/, '').length;
      const start = m.index + startOffset + lead;
      const end = m.index + groups[found]!.end;
      spans.push({ start, end, kind: 'phone', text: text.slice(start, end) });
      from = found + 1;
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------
// NIK (Nomor Induk Kependudukan): 16 digits = province (2), regency (2),
// district (2), birth date DDMMYY (women: day + 40), serial (4).
// https://id.wikipedia.org/wiki/Nomor_Induk_Kependudukan

const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
  61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
]);

/** Whether 16 digits have the parts of a NIK. */
export function plausibleNik(digits: string): boolean {
  if (!/^\d{16}$/.test(digits)) return false;
  const n = (from: number) => Number(digits.slice(from, from + 2));
  const day = n(6) > 40 ? n(6) - 40 : n(6);
  return (
    PROVINCE_CODES.has(n(0)) && n(2) >= 1 && n(4) >= 1 &&
    day >= 1 && day <= 31 && n(8) >= 1 && n(8) <= 12 && digits.slice(12) !== '0000'
  );
}

// 16 digits written together or in groups ("3171 0123 4567 0001", "3171.0123…").
const SIXTEEN_DIGITS = /(?<![\p{L}\p{N}])\d(?:[ \u00a0.\-]?\d){15}(?![\p{N}])/gu;
const NIK_LABEL = /(?:nik|ktp|no\.?\s*ktp|nomor\s+ktp|nomor\s+induk)\s*[:.=-]?\s*$/iu;

function findNiks(text: string): IdentitySpan[] {
  const spans: IdentitySpan[] = [];
  for (const m of text.matchAll(SIXTEEN_DIGITS)) {
    const digits = m[0].replace(/\D/g, '');
    const labelled = NIK_LABEL.test(text.slice(Math.max(0, m.index - 24), m.index));
    if (plausibleNik(digits) || labelled) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'nik', text: m[0] });
  }
  return spans;
}

// ---------------------------------------------------------------------------
// E-mail addresses

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

function findEmails(text: string): IdentitySpan[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'email' as const, text: m[0] }));
}

// ---------------------------------------------------------------------------
// Names

/**
 * Words that are part of many names but also ordinary Indonesian words,
 * titles or place words: never hidden on their own (only inside the whole
 * name), so "jalan", "Pak", "Sari" in a report stay readable.
 */
const NAME_STOPWORDS = new Set([
  'bapak', 'pak', 'ibu', 'bu', 'mas', 'mbak', 'kak', 'adik', 'dik', 'bang', 'abang', 'teh', 'aa', 'om', 'tante', 'bunda', 'ayah', 'umi', 'abi',
  'haji', 'hajjah', 'hj', 'ir', 'dr', 'drs', 'dra', 'st', 'sh', 'se', 'spd', 'mt', 'mm', 'amd', 'skm', 'sag',
  'muhammad', 'muhamad', 'mohammad', 'mohamad', 'moh', 'muh', 'abdul', 'abdu', 'nur', 'siti', 'sri', 'putra', 'putri', 'binti', 'bin',
  'dan', 'di', 'ke', 'dari', 'yang', 'untuk', 'dengan', 'saya', 'kami', 'warga', 'pelapor', 'anonim', 'admin',
  'jalan', 'jl', 'gang', 'gg', 'desa', 'kelurahan', 'kecamatan', 'kota', 'kabupaten', 'dusun', 'rt', 'rw', 'no', 'blok', 'perumahan',
  'indah', 'jaya', 'baru', 'raya', 'sari', 'agung', 'mulya', 'mulia', 'makmur', 'sejahtera', 'permai', 'asri', 'lestari', 'murni',
  'timur', 'barat', 'utara', 'selatan', 'tengah', 'lama', 'besar', 'kecil', 'kali', 'air', 'sungai', 'bukit', 'tanjung', 'pasar',
  'harapan', 'bahagia', 'rahayu', 'setia', 'cahaya', 'bintang', 'mawar', 'melati', 'intan', 'mutiara', 'ayu', 'cantik', 'kasih',
]);

const MIN_NAME_WORD = 3;

function nameWords(name: string): string[] {
  return name.normalize('NFKC').split(/[^\p{L}\p{N}']+/u).map((w) => w.replace(/^'+|'+$/g, '')).filter(Boolean);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function findNames(text: string, names: ReadonlyArray<string | null | undefined>): IdentitySpan[] {
  const patterns = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    const words = nameWords(name);
    if (words.length === 0) continue;
    // The whole name with any spacing/punctuation between its words ("budi   santoso", "Budi-Santoso").
    if (words.length > 1 || (words[0]!.length >= MIN_NAME_WORD && !NAME_STOPWORDS.has(words[0]!.toLowerCase()))) {
      patterns.add(words.map(escape).join('[\\s._\\-]+'));
    }
    // Each distinctive word alone ("Santoso" when the citizen signs with the surname).
    for (const w of words) {
      if (w.length >= MIN_NAME_WORD && !NAME_STOPWORDS.has(w.toLowerCase()) && !/^\d+$/.test(w)) patterns.add(escape(w));
    }
  }
  if (patterns.size === 0) return [];
  // Longest first, so the whole name wins over its parts at the same position.
  const alternation = [...patterns].sort((a, b) => b.length - a.length).join('|');
  const re = new RegExp(`(?<![${LETTER_OR_DIGIT}])(?:${alternation})(?![${LETTER_OR_DIGIT}])`, 'giu');
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'name' as const, text: m[0] }));
}

// "nama saya Siti Aminah", "saya bernama …", "atas nama …", "a.n. …", "nama: …":
// the words after such a cue are a person's name even when it is not the one
// we know (another family member, a name that differs from the WhatsApp profile).
const NAME_CUE = /(?<![\p{L}\p{N}])(?:nama\s+saya|saya\s+bernama|nama\s+lengkap(?:\s+saya)?|atas\s+nama|a\.\s?n\.|nama\s*:)\s*(?:adalah\s+|ialah\s+)?/giu;
const CUE_NAME_WORD = /^(?:[\p{Lu}][\p{L}']*\.?|[\p{Ll}][\p{L}']*)/u;

function findCuedNames(text: string): IdentitySpan[] {
  const spans: IdentitySpan[] = [];
  for (const m of text.matchAll(NAME_CUE)) {
    let pos = m.index + m[0].length;
    let start = -1;
    let end = -1;
    // Up to four words, stopping at punctuation, a digit or an ordinary word.
    for (let i = 0; i < 4; i++) {
      const rest = text.slice(pos);
      const word = CUE_NAME_WORD.exec(rest)?.[0];
      if (!word) break;
      const bare = word.replace(/\.$/, '').toLowerCase();
      if (['dan', 'dari', 'di', 'ke', 'yang', 'tinggal', 'no', 'nomor', 'hp', 'wa', 'telp', 'alamat', 'rumah', 'umur', 'usia', 'nik'].includes(bare)) break;
      if (i > 0 && /^\p{Ll}/u.test(word)) break; // "nama saya Budi mau tanya": lower-case word ends the name
      if (start < 0) start = pos;
      end = pos + word.length;
      const gap = /^[ \u00a0]+/.exec(text.slice(end))?.[0] ?? '';
      pos = end + gap.length;
      if (!gap) break;
    }
    if (start >= 0) spans.push({ start, end: text[end - 1] === '.' ? end - 1 : end, kind: 'name', text: text.slice(start, end) });
  }
  return spans.filter((s) => s.end > s.start);
}

// ---------------------------------------------------------------------------

/** Overlapping spans merge into the earliest, longest one; the result is sorted. */
function mergeSpans(spans: IdentitySpan[], text: string): IdentitySpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: IdentitySpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) {
        last.end = s.end;
        last.text = text.slice(last.start, last.end);
      }
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/**
 * Identity in free text: phone numbers (every common spelling), NIK, e-mail
 * addresses, the reporter's own names (case/spacing-insensitive, whole
 * words) and names after "nama saya"-like cues. Sorted, non-overlapping.
 */
export function findIdentity(text: string, hints: IdentityHints = {}): IdentitySpan[] {
  if (!text) return [];
  // NIK first: 16 digits starting "62…" (Kalimantan Tengah) must not read as a phone.
  const niks = findNiks(text);
  const inNik = (s: IdentitySpan) => niks.some((n) => s.start < n.end && n.start < s.end);
  const emails = findEmails(text);
  const phones = findPhones(text).filter((s) => !inNik(s) && !emails.some((e) => s.start < e.end && e.start < s.end));
  return mergeSpans([...niks, ...emails, ...phones, ...findNames(text, hints.names ?? []), ...findCuedNames(text)], text);
}

/** `text` with each span replaced by its placeholder (`REDACTION_PLACEHOLDERS`). */
export function redact(text: string, spans: ReadonlyArray<IdentitySpan>): string {
  let out = '';
  let at = 0;
  for (const s of mergeSpans([...spans], text)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + REDACTION_PLACEHOLDERS[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}

/** Finds and hides identity in one go: `{ text, spans }` (`spans` empty when nothing was hidden). */
export function redactIdentity(text: string, hints: IdentityHints = {}): { text: string; spans: IdentitySpan[] } {
  const spans = findIdentity(text, hints);
  return { text: spans.length ? redact(text, spans) : text, spans };
}
