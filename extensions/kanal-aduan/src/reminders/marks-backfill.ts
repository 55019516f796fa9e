// The reminder marks of an installation that recorded reminders before the
// marks existed: computed from its `reminders` rows with core's rule
// (sla-scan/marks.ts) and each report's policy, so the first scan after the
// upgrade does not read every overdue report again. Only open reports whose
// stage has rows but no mark are read, so a second run (every schema apply
// calls it) reads only reports whose first level is still unrecorded.
// A report the backfill misses is not lost: without a mark the scan reads it
// and the claim writes its mark.
import {
  DEADLINE_STAGES,
  DEADLINE_STATUSES,
  escalationPolicies,
  REMINDER_MARK_FIELD,
  reminderMarks,
  SP4N_POLICY_CODE,
  type ReminderStage,
} from '@kanal-aduan/core';
import type { Knex } from 'knex';

const json = (v: unknown) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
};

/** Raises missing marks from the recorded rows; returns how many reports got one. */
export async function backfillReminderMarks(knex: Knex): Promise<number> {
  for (const table of ['complaints', 'reminders', 'sla_policies', 'categories']) if (!(await knex.schema.hasTable(table))) return 0;
  for (const field of Object.values(REMINDER_MARK_FIELD)) if (!(await knex.schema.hasColumn('complaints', field))) return 0;

  const policies = (await knex('sla_policies').select('code', 'escalation')) as Array<{ code: string; escalation: unknown }>;
  const byCode = new Map(policies.map((p) => [p.code, json(p.escalation)]));
  const categories = (await knex('categories').whereNotNull('sla_policy').select('code', 'sla_policy')) as Array<{ code: string; sla_policy: string }>;
  const escalation = escalationPolicies(
    byCode.get(SP4N_POLICY_CODE),
    Object.fromEntries(categories.filter((c) => byCode.has(c.sla_policy)).map((c) => [c.code, byCode.get(c.sla_policy)])),
  );

  const rows = (await knex('reminders as r')
    .join('complaints as c', 'c.id', 'r.complaint')
    .whereIn('c.status', [...DEADLINE_STATUSES])
    // A stage's rows are all read when its mark is missing (the rule needs every one); a stage with a mark is left out.
    .andWhere((q) => {
      for (const stage of DEADLINE_STAGES) q.orWhere((s) => s.where('r.stage', stage).whereNull(`c.${REMINDER_MARK_FIELD[stage]}`));
    })
    .select('r.key as key', 'c.id as id', 'c.category as category')) as Array<{ key: string; id: number; category: string | null }>;

  const byReport = new Map<number, { category: string | null; keys: Set<string> }>();
  for (const r of rows) {
    const id = Number(r.id);
    if (!byReport.has(id)) byReport.set(id, { category: r.category, keys: new Set() });
    byReport.get(id)!.keys.add(r.key);
  }
  const updates = new Map<string, { stage: ReminderStage; mark: number; ids: number[] }>();
  for (const [id, r] of byReport) {
    for (const [stage, mark] of Object.entries(reminderMarks({ id, category: r.category }, escalation, r.keys)) as [ReminderStage, number][]) {
      const k = `${stage}:${mark}`;
      if (!updates.has(k)) updates.set(k, { stage, mark, ids: [] });
      updates.get(k)!.ids.push(id);
    }
  }
  const marked = new Set<number>();
  for (const u of updates.values()) {
    const field = REMINDER_MARK_FIELD[u.stage];
    for (let i = 0; i < u.ids.length; i += 500) {
      const chunk = u.ids.slice(i, i + 500);
      const n = await knex('complaints').whereIn('id', chunk).andWhere((q) => q.whereNull(field).orWhere(field, '<', u.mark)).update({ [field]: u.mark });
      if (Number(n) > 0) for (const id of chunk) marked.add(id);
    }
  }
  return marked.size;
}
