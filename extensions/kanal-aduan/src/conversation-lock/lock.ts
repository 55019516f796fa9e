/** The slice of knex this module uses (Directus's own instance in production, an in-memory SQLite in tests). */
export type LockKnex = {
  (table: string): any;
};

export type LockAnswer = { acquired: true } | { acquired: false; waitMs: number };

const TABLE = 'conversation_locks';

/**
 * Takes the per-number lock of the intake conversation, in one statement:
 *   INSERT INTO conversation_locks (wa_id, holder, expires_at) VALUES (?, ?, ?)
 *   ON CONFLICT (wa_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
 *   WHERE conversation_locks.expires_at < :now OR conversation_locks.holder = :holder
 * then reads who holds it. Postgres serialises the upsert on the row
 * (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT) and
 * SQLite serialises writers, so exactly one of two concurrent callers wins. A
 * holder that died leaves a row that expires and is taken over.
 */
export async function acquireConversationLock(knex: LockKnex, waId: string, holder: string, ttlMs: number, now: Date): Promise<LockAnswer> {
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await knex(TABLE)
    .insert({ wa_id: waId, holder, expires_at: expiresAt })
    .onConflict('wa_id')
    .merge(['holder', 'expires_at'])
    .where(`${TABLE}.expires_at`, '<', nowIso)
    .orWhere(`${TABLE}.holder`, '=', holder);
  const row = (await knex(TABLE).where({ wa_id: waId }).first('holder', 'expires_at')) as { holder: string; expires_at: string } | undefined;
  if (row?.holder === holder) return { acquired: true };
  const left = row ? Date.parse(row.expires_at) - now.getTime() : 0;
  return { acquired: false, waitMs: Math.max(0, Number.isFinite(left) ? left : 0) };
}

/** Gives the lock back; only its holder can (a late caller whose lock expired and was taken over releases nothing). */
export async function releaseConversationLock(knex: LockKnex, waId: string, holder: string): Promise<boolean> {
  const deleted = await knex(TABLE).where({ wa_id: waId, holder }).delete();
  return Number(deleted) > 0;
}
