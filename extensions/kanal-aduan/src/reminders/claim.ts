// Claiming reminders and raising the report's reminder mark in one transaction.
// The scan (n8n's sla.scan) reads only reports with a level past their mark
// (core sla-scan/marks.ts), so a mark must never say more than the rows hold:
// per report, its new reminder rows are inserted and its marks raised together,
// or neither. The rows' primary key still decides which run sends a level: an
// insert refused because another run holds the key is lost, not an error.
import { REMINDER_MARK_FIELD, ReminderStage, type ReminderStage as Stage } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';

const Mark = z.number().int().min(-30).max(60);

export const ClaimBody = z.object({
  /** The scan's clock (a moved clock in tests), stamped as claimed_at. */
  now: z.iso.datetime({ offset: true }),
  batches: z
    .array(
      z
        .object({
          complaint: z.number().int().positive(),
          rows: z
            .array(
              z.object({
                key: z.string().min(1).max(64),
                stage: ReminderStage,
                level: z.string().min(1).max(40),
                status: z.enum(['claimed', 'superseded']),
                days_late: z.number().int().nullable().optional(),
                recipients: z.array(z.object({ id: z.string(), name: z.string(), wa_phone: z.string().nullable() })).max(500).optional(),
              }),
            )
            .max(100),
          marks: z.object({ verify: Mark.optional(), respond: Mark.optional(), resolve: Mark.optional() }),
        })
        // A batch speaks of one report: its keys are that report's (core reminderKey).
        .refine((b) => b.rows.every((r) => r.key === `${b.complaint}:${r.stage}:${r.level}`), { message: 'key is not <complaint>:<stage>:<level>' }),
    )
    .max(1000),
});
export type ClaimBody = z.infer<typeof ClaimBody>;
export type ClaimRow = ClaimBody['batches'][number]['rows'][number] & { complaint: number; attempts: number; claimed_at: string };

/** Inserts one reminder row (through Directus, so timestamps are stored its way); throws on a taken key. */
export type InsertRow = (trx: Knex, row: ClaimRow) => Promise<void>;

/** Directus's error for a duplicate key (RecordNotUniqueError), or the driver's own. */
export function isTakenKey(error: unknown): boolean {
  const e = error as { code?: string; extensions?: { code?: string } } | null;
  return e?.code === 'RECORD_NOT_UNIQUE' || e?.extensions?.code === 'RECORD_NOT_UNIQUE' || e?.code === '23505' || /UNIQUE constraint failed/.test(String((error as Error)?.message));
}

/** Raises (never lowers) the report's stage marks. */
export async function raiseMarks(trx: Knex, complaint: number, marks: Partial<Record<Stage, number>>): Promise<void> {
  for (const [stage, mark] of Object.entries(marks) as [Stage, number][]) {
    const field = REMINDER_MARK_FIELD[stage];
    await trx('complaints')
      .where('id', complaint)
      .andWhere((q) => q.whereNull(field).orWhere(field, '<', mark))
      .update({ [field]: mark });
  }
}

/**
 * Writes each batch in its own transaction: the rows (each in a savepoint, so a
 * taken key does not abort the rest) and then the marks. Returns the claimed
 * keys this caller inserted: it owns them and must send them.
 */
export async function claimBatches(knex: Knex, body: ClaimBody, insertRow: InsertRow): Promise<string[]> {
  const won: string[] = [];
  for (const b of body.batches) {
    const mine = await knex.transaction(async (trx) => {
      const inserted: string[] = [];
      for (const r of b.rows) {
        try {
          await trx.transaction((sp) => insertRow(sp, { ...r, complaint: b.complaint, attempts: 1, claimed_at: body.now }));
          if (r.status === 'claimed') inserted.push(r.key);
        } catch (error) {
          if (!isTakenKey(error)) throw error;
        }
      }
      await raiseMarks(trx, b.complaint, b.marks);
      return inserted;
    });
    won.push(...mine);
  }
  return won;
}
