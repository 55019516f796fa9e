// RT (rukun tetangga) and RW (rukun warga), the neighbourhood units below a
// desa/kelurahan, as citizens write them: "RT 03 RW 05", "rt.3/rw.5",
// "RT/RW 003/005", "RT 003/005", "rt3rw5". Stored as the KTP writes them:
// three digits ("003"). "Pak RT" or "ibu RT" (no number) is no RT.

export type RtRw = { rt: string | null; rw: string | null };

// Not preceded by a letter ("ART", "KRT" are other words), a number of 1–3 digits not followed by a digit.
const BOTH = /(?<![a-z])rt\s*\/\s*rw\s*[.:]?\s*(\d{1,3})\s*\/\s*(\d{1,3})(?!\d)/i;
const RT_SLASH = /(?<![a-z])rt\s*[.:]?\s*(\d{1,3})\s*\/\s*(\d{1,3})(?!\d)(?!\s*\/)/i;
const RT = /(?<![a-z])rt\s*[.:]?\s*(\d{1,3})(?!\d)/i;
const RW = /(?<![a-z])rw\s*[.:]?\s*(\d{1,3})(?!\d)/i;

const unit = (digits: string | undefined): string | null => {
  const n = Number(digits);
  return digits && n > 0 ? String(n).padStart(3, '0') : null;
};

/** The RT and RW one text names (each null when it names none). */
function rtRwIn(text: string): RtRw {
  const both = BOTH.exec(text) ?? RT_SLASH.exec(text);
  if (both) return { rt: unit(both[1]), rw: unit(both[2]) };
  return { rt: unit(RT.exec(text)?.[1]), rw: unit(RW.exec(text)?.[1]) };
}

const ANY_UNIT = new RegExp([BOTH, RT_SLASH, RT, RW].map((r) => r.source).join('|'), 'gi');

/**
 * The text without its RT/RW numbers ("RT 3 RW 5" is where, not what: "pak RT",
 * without a number, stays), for reading what a report is about.
 */
export function withoutRtRw(text: string): string {
  return text.replace(ANY_UNIT, ' ');
}

/**
 * The RT and RW of a report, from its texts in order of trust (the address,
 * then the story): each taken from the first text that names it.
 */
export function rtRwOf(...texts: Array<string | null | undefined>): RtRw {
  const found: RtRw = { rt: null, rw: null };
  for (const text of texts) {
    if (!text) continue;
    const here = rtRwIn(text);
    found.rt ??= here.rt;
    found.rw ??= here.rw;
    if (found.rt && found.rw) break;
  }
  return found;
}
