import { territorialRegionProblem, type Role } from '@kanal-aduan/core';
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import type { Knex } from 'knex';
import { KanalInvalidPayloadError } from '../shared/errors.ts';

// A Camat's and a Lurah/Kepala Desa's reach is their account's region (the
// access rules match a report's region by prefix), so an account saved with
// the wrong level of region reads the wrong reports: a Camat given the
// kabupaten reads every report. Core says which level each role needs; this
// checks every account a create or an update leaves behind.

const ROLE_OF_ID = new Map<string, Role>(Object.entries(ROLE_IDS).map(([role, id]) => [id, role as Role]));

/** A key as Directus may send it in a payload: the id or the related row ({ id } / { code }). */
function keyOf(v: unknown, field: 'id' | 'code'): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)[field] === 'string') return (v as Record<string, string>)[field]!;
  return null;
}

/** The problem with an account holding `roleId` and `region`, or null. */
export function accountProblem(roleId: unknown, region: unknown): string | null {
  const id = keyOf(roleId, 'id');
  return territorialRegionProblem(id ? (ROLE_OF_ID.get(id) ?? null) : null, keyOf(region, 'code'));
}

/** users.create: the new account as the payload describes it. */
export function checkNewAccount(payload: Record<string, unknown>): void {
  const problem = accountProblem(payload['role'], payload['region']);
  if (problem) throw new KanalInvalidPayloadError({ reason: problem });
}

/**
 * users.update: each account as it will be once the payload is applied. Only a
 * write that touches the role or the region is read back.
 */
export async function checkUpdatedAccounts(payload: Record<string, unknown>, keys: readonly unknown[], knex: Knex): Promise<void> {
  if (!('role' in payload) && !('region' in payload)) return;
  const ids = keys.map(String);
  if (!ids.length) return;
  const rows: { id: string; role: string | null; region: string | null }[] = await knex('directus_users').whereIn('id', ids).select('id', 'role', 'region');
  for (const row of rows) {
    const problem = accountProblem('role' in payload ? payload['role'] : row.role, 'region' in payload ? payload['region'] : row.region);
    if (problem) throw new KanalInvalidPayloadError({ reason: problem });
  }
}
