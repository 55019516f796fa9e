import { assertDeskMove, defaultDesk, deskMoveNote, DomainError, isScreening } from '@kanal-aduan/core';
import { relationKey } from '../../shared/relation-key.ts';
import { roleFromAccountability, type AccountabilityLike } from '../../shared/role.ts';
import type { ComplaintStore, DeskRow } from '../../shared/store.ts';

export type DeskContext = { store: ComplaintStore; accountability: AccountabilityLike };

/** The history row a desk change leaves on each report (written after the save, with full rights). */
export type DeskMoveRecord = { complaint: string | number; body: string; author: string | null };

/**
 * `complaints.items.create`: a report without a desk goes to the default (kabupaten) desk: the
 * web form, the call centre's «Catat laporan», Open311 and anything else that does not come in
 * on a desk's own number. The WhatsApp intake names the desk of the number written to.
 */
export async function withDefaultDesk(payload: Record<string, unknown>, ctx: DeskContext): Promise<Record<string, unknown>> {
  if (relationKey(payload['desk'])) return payload;
  const fallback = defaultDesk((await ctx.store.desks?.()) ?? []);
  return fallback ? { ...payload, desk: fallback.code } : payload;
}

/**
 * `complaints.items.update`: a Tim Meja Pengaduan member changes only reports of their own desk,
 * and a change of `desk` must pass core's assertDeskMove (the team: only up to the default desk,
 * while the report is new). Returns the history rows to write once the save is done, or [].
 */
export async function guardDeskChange(
  payload: Record<string, unknown>,
  keys: ReadonlyArray<string | number>,
  ctx: DeskContext,
): Promise<DeskMoveRecord[]> {
  const role = roleFromAccountability(ctx.accountability);
  const moving = 'desk' in payload;
  if (role !== 'desk_team' && !moving) return [];
  const rows = await ctx.store.complaints(keys);
  const author = ctx.accountability?.user ?? null;
  const userDesk = role === 'desk_team' && author ? ((await ctx.store.userDesk?.(author)) ?? null) : null;
  if (role === 'desk_team') {
    // Directus's item rule says the same; the hook does not rely on the policy alone. It runs before
    // Directus's own check, so the refusal names no ticket of a report the caller may not read.
    for (const row of rows) {
      // Only while new (the policy's rule too): a refusal from the status guard would tell the status of a report they cannot read.
      if (userDesk === null || row.desk !== userDesk || !isScreening(row.status)) throw new DomainError('DESK.NOT_YOUR_DESK', 'Laporan ini bukan laporan baru meja Anda.');
    }
  }
  if (!moving) return [];
  const to = relationKey(payload['desk']) ?? null;
  const desks: DeskRow[] = (await ctx.store.desks?.()) ?? [];
  const nameOf = (code: string | null | undefined) => (code ? desks.find((d) => d.code === code)?.name ?? code : null);
  const out: DeskMoveRecord[] = [];
  for (const row of rows) {
    if ((row.desk ?? null) === to) continue;
    const kind = assertDeskMove({ role, report: { ticket: row.ticket, status: row.status, desk: row.desk ?? null }, userDesk, to, desks });
    out.push({ complaint: row.id, body: deskMoveNote(kind, nameOf(row.desk), nameOf(to) ?? 'tanpa meja'), author });
  }
  return out;
}
