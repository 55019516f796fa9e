import { DomainError } from './errors.ts';
import type { Category, RoutingRule } from './model.ts';

// Routing is data admins edit (routing_rules), as FixMyStreet's `contacts`:
// one row per body and category, an explicit fallback (the category's default
// agency), and a report with no route is an error someone sees, never a
// silent drop.

/**
 * Whether Kemendagri region `code` is `ancestor` or lies inside it:
 * '16.02.01.2001' is within '16.02.01' and '16.02', not within '16.0'.
 */
export function regionIsWithin(code: string, ancestor: string): boolean {
  return code === ancestor || code.startsWith(`${ancestor}.`);
}

export interface RouteInput {
  category: string | null;
  region: string | null;
}

export interface RouteSuggestion {
  agency: string;
  rule: RoutingRule | null;
  reason: 'rule' | 'category_default';
}

function matches(rule: RoutingRule, input: RouteInput): boolean {
  if (!rule.active) return false;
  if (rule.category !== null && rule.category !== input.category) return false;
  if (rule.region !== null && (input.region === null || !regionIsWithin(input.region, rule.region))) return false;
  return true;
}

// category+region (3) > category only (2) > region only (1) > any (0).
function specificity(rule: RoutingRule): number {
  return (rule.category !== null ? 2 : 0) + (rule.region !== null ? 1 : 0);
}

/** Orders matching rules best first: specificity, then priority, then the deeper region, then id. */
export function compareRules(a: RoutingRule, b: RoutingRule): number {
  return (
    specificity(b) - specificity(a) ||
    b.priority - a.priority ||
    (b.region?.length ?? 0) - (a.region?.length ?? 0) ||
    a.id - b.id
  );
}

/** Active rules that match the report, best first (for showing why a route was chosen). */
export function matchingRules(input: RouteInput, rules: readonly RoutingRule[]): RoutingRule[] {
  return rules.filter((r) => matches(r, input)).sort(compareRules);
}

/**
 * The agency a verified report should go to. Throws DomainError
 * 'COMPLAINT.NO_ROUTE' when no rule matches and the category has no default.
 */
export function suggestAgency(
  input: RouteInput,
  rules: readonly RoutingRule[],
  categories: readonly Category[],
): RouteSuggestion {
  const [best] = matchingRules(input, rules);
  if (best) return { agency: best.agency, rule: best, reason: 'rule' };

  const category = input.category === null ? undefined : categories.find((c) => c.code === input.category);
  if (category?.default_agency) return { agency: category.default_agency, rule: null, reason: 'category_default' };

  const what = [
    input.category ? `kategori «${category?.name ?? input.category}»` : 'tanpa kategori',
    input.region ? `wilayah ${input.region}` : 'tanpa wilayah',
  ].join(', ');
  throw new DomainError(
    'COMPLAINT.NO_ROUTE',
    `Belum ada OPD tujuan untuk laporan ini (${what}). Tambahkan aturan disposisi atau OPD bawaan kategori, lalu disposisikan secara manual.`,
    { category: input.category, region: input.region },
  );
}
