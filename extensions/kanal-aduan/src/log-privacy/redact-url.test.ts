import { describe, expect, it } from 'vitest';
import { MASK, redactUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('masks WhatsApp numbers in filters, raw, with + or %2B, and keeps the rest of the query readable', () => {
    expect(redactUrl('/items/citizens?filter[wa_id][_eq]=6281234567890&fields=id,wa_id&limit=1')).toBe(
      `/items/citizens?filter[wa_id][_eq]=${MASK}&fields=id,wa_id&limit=1`,
    );
    expect(redactUrl('/items/citizens?filter=%7B%22phone%22%3A%7B%22_eq%22%3A%22%2B6281234567890%22%7D%7D')).not.toMatch(/81234567890/);
    expect(redactUrl('/users?filter[wa_phone][_eq]=+6281100000002')).toBe(`/users?filter[wa_phone][_eq]=${MASK}`);
    expect(redactUrl('/items/complaints?filter[reporter][wa_id][_starts_with]=62812945')).not.toContain('62812945');
  });

  it('leaves paths, tickets, ids and short numbers alone', () => {
    expect(redactUrl('/items/complaints/42')).toBe('/items/complaints/42');
    // The path is Directus's cache key: never rewritten, or two items could share a cached answer.
    expect(redactUrl('/items/agencies/6b1f2a10-0000-4000-8000-000000000101?fields=id')).toBe('/items/agencies/6b1f2a10-0000-4000-8000-000000000101?fields=id');
    expect(redactUrl('/kanal-aduan/track/ADU-2611-00042?lang=id')).toBe('/kanal-aduan/track/ADU-2611-00042?lang=id');
    expect(redactUrl('/items/complaints?limit=-1&filter[id][_in]=1,2,3')).toBe('/items/complaints?limit=-1&filter[id][_in]=1,2,3');
  });
});
