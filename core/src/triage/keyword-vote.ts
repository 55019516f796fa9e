import { distance } from 'fastest-levenshtein';
import type { Category } from '../model.ts';
import { withoutRtRw } from '../rt-rw.ts';
import { normalizeText, stemWord } from './normalize.ts';

// The categories' keywords as the model reads them. The keyword rules
// (suggestCategories) forgive one typo in any keyword of five letters or more,
// which on WhatsApp text also turns "butuh" into the keyword "buruh" and
// "motor" into "kotor"; as a feature that sends a harassment report to
// Disnaker. Here a keyword matches on the stems of the normalised words
// ("sdh dibenerin" and "sudah diperbaiki" alike), and only a long word (seven
// letters and more) may carry one typo.

export interface KeywordVote {
  category: string;
  score: number;
}

interface CompiledKeyword {
  words: string[];
  stems: string[];
  phrase: boolean;
}

const compiledKeywords = new WeakMap<readonly Category[], { code: string; keywords: CompiledKeyword[] }[]>();

function compile(categories: readonly Category[]) {
  let c = compiledKeywords.get(categories);
  if (!c) {
    c = categories
      .filter((x) => x.active)
      .map((x) => ({
        code: x.code,
        keywords: (x.keywords ?? [])
          .map((k) => normalizeText(k).words)
          .filter((words) => words.length > 0)
          .map((words) => ({ words, stems: words.map(stemWord), phrase: words.length > 1 })),
      }));
    compiledKeywords.set(categories, c);
  }
  return c;
}

const typo = (a: string, b: string) => a.length >= 7 && b.length >= 7 && Math.abs(a.length - b.length) <= 1 && distance(a, b) <= 1;

/** Categories whose keywords the text names, best first (phrases count double, as in suggestCategories). */
export function keywordVotes(text: string, categories: readonly Category[]): KeywordVote[] {
  const words = normalizeText(withoutRtRw(text)).words;
  const stems = words.map(stemWord);
  const out: KeywordVote[] = [];
  for (const c of compile(categories)) {
    let score = 0;
    for (const k of c.keywords) {
      const n = k.stems.length;
      let hit = false;
      for (let i = 0; i + n <= stems.length && !hit; i++) hit = k.stems.every((s, j) => s === stems[i + j] || typo(k.words[j]!, words[i + j]!));
      if (hit) score += k.phrase ? 2 : 1;
    }
    if (score > 0) out.push({ category: c.code, score });
  }
  return out.sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
}
