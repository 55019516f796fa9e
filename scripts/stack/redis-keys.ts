// A stack's Redis keys: Directus's namespaces (`kanal:<directus database>:*`, see
// directus.ts) and n8n's queue, cache and pub/sub prefix (config.ts
// n8nRedisPrefix). Left behind, they outlive the databases they describe: a
// Directus started on a recreated database then reads the old schema cache.
import { execFileSync } from 'node:child_process';
import type { StackConfig } from './config.ts';

/** The key patterns of the stack `cfg` describes (nothing for the SQLite demo, which uses no Redis). */
export function stackRedisPatterns(cfg: Pick<StackConfig, 'db' | 'production'>): string[] {
  if (cfg.db.client !== 'pg') return [];
  // Directus's cache also keeps a per-namespace key index (Keyv's `sets:namespace:<namespace>:…`).
  return [`kanal:${cfg.db.directusDb}:*`, `sets:namespace:kanal:${cfg.db.directusDb}:*`, ...(cfg.production ? [`${cfg.production.n8nRedisPrefix}*`] : [])];
}

/** Deletes the keys matching `patterns` in the Redis of `redisUrl`; best effort with the machine's redis-cli, returns what went wrong. */
export function dropRedisKeys(redisUrl: string, patterns: string[]): string | null {
  const url = new URL(redisUrl);
  const db = url.pathname.replace('/', '') || '0';
  const cli = (...args: string[]) =>
    execFileSync('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', '-n', db, ...args], { encoding: 'utf8' });
  try {
    for (const pattern of patterns) {
      const keys = cli('--scan', '--pattern', pattern).split('\n').filter(Boolean);
      for (let i = 0; i < keys.length; i += 500) cli('DEL', ...keys.slice(i, i + 500));
    }
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? 'redis-cli failed';
  }
}
