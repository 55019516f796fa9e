import { describe, expect, it } from 'vitest';
import { stackRedisPatterns } from './redis-keys.ts';

describe('stackRedisPatterns', () => {
  it('covers a Postgres stack\'s Directus keys, its cache index and n8n\'s queue', () => {
    const patterns = stackRedisPatterns({ db: { client: 'pg', directusDb: 'kanal_it_x_directus' }, production: { n8nRedisPrefix: 'kanal_it_x_bull' } } as never);
    const matches = (key: string) => patterns.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key));
    expect(matches('kanal:kanal_it_x_directus:cache:abc')).toBe(true);
    expect(matches('sets:namespace:kanal:kanal_it_x_directus:cache:kanal:kanal_it_x_directus:cache:abc__expires_at')).toBe(true);
    expect(matches('kanal_it_x_bull:jobs:1')).toBe(true);
    expect(matches('sets:namespace:kanal:kanal_it_y_directus:cache:abc')).toBe(false);
  });
  it('is nothing for SQLite (no Redis)', () => {
    expect(stackRedisPatterns({ db: { client: 'sqlite3' } } as never)).toEqual([]);
  });
});
