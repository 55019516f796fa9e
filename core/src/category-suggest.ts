import { distance } from 'fastest-levenshtein';
import type { Category } from './model.ts';
import { withoutRtRw } from './rt-rw.ts';

// Citizens type fast on phones ("jalan berlubng", "lampu jln mati"), so a
// keyword also matches a word one edit away (two for long words). Keywords are
// admin data (categories.keywords); a phrase keyword matches as a substring.

export interface CategoryMatch {
  category: string;
  score: number;
  matched: string[];
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function wordMatches(keyword: string, word: string): boolean {
  if (keyword === word) return true;
  if (keyword.length < 5 || Math.abs(keyword.length - word.length) > 2) return false;
  return distance(keyword, word) <= (keyword.length >= 8 ? 2 : 1);
}

/** Active categories whose keywords occur in `text`, best first (empty when none). */
export function suggestCategories(text: string, categories: readonly Category[]): CategoryMatch[] {
  // "RT 3 RW 5" says where, not what: it must not read as the keyword "rt" (a matter for the desa).
  const ws = words(withoutRtRw(text));
  const joined = ` ${ws.join(' ')} `;
  const out: CategoryMatch[] = [];
  for (const c of categories) {
    if (!c.active) continue;
    const matched: string[] = [];
    for (const raw of c.keywords ?? []) {
      const kw = words(raw).join(' ');
      if (!kw) continue;
      const hit = kw.includes(' ') ? joined.includes(` ${kw} `) : ws.some((w) => wordMatches(kw, w));
      if (hit) matched.push(raw);
    }
    // Phrases say more than single words.
    const score = matched.reduce((n, k) => n + (k.trim().includes(' ') ? 2 : 1), 0);
    if (score > 0) out.push({ category: c.code, score, matched });
  }
  return out.sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
}
