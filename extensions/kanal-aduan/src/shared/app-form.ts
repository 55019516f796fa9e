// Small helpers for the bundle's form interfaces in the admin app (browser code: no server imports).

/** The item's key once it is saved; null on Directus's "+" (new, unsaved) form. */
export function savedKey(primaryKey: string | number | null | undefined): string | null {
  return primaryKey && primaryKey !== '+' ? String(primaryKey) : null;
}

/** The reason Directus (or our endpoint) gave for a refused call, else `fallback` (network down, no answer). */
export function apiErrorMessage(error: unknown, fallback: string): string {
  return (error as { response?: { data?: { errors?: Array<{ message?: string }> } } }).response?.data?.errors?.[0]?.message ?? fallback;
}
