import type { Role } from '@kanal-aduan/core';
import { ACCESS, PERMISSIONS, ROLE_IDS, type PermissionRow } from '@kanal-aduan/schema/src/access.ts';

/** The part of Directus's accountability this bundle reads (11.x shape). */
export type AccountabilityLike = {
  admin?: boolean;
  role?: string | null;
  roles?: string[];
  user?: string | null;
} | null | undefined;

// Highest privilege first: a user holding several roles (Directus 11 nests
// roles) acts with the strongest one, as the access policies would allow.
// The Lurah/Kepala Desa reads one desa, the Camat a whole kecamatan: kades ranks below camat.
// A desk team screens its own desk's new reports only: below the verifikator, who screens every desk.
const ROLE_PRIORITY = ['verifikator', 'service', 'desk_team', 'camat', 'kades', 'opd_head', 'opd_officer', 'pimpinan'] as const;

/**
 * Maps Directus's accountability to core's Role.
 * - no accountability: an internal call (another hook, a flow, a script) -> 'service';
 * - the admin flag (Administrator policy) -> 'admin';
 * - one of our fixed role ids -> that role;
 * - anything else (public, unknown roles) -> 'citizen', the least privileged.
 */
export function roleFromAccountability(accountability: AccountabilityLike): Role {
  if (!accountability) return 'service';
  if (accountability.admin === true) return 'admin';
  const held = new Set<string>([...(accountability.roles ?? []), ...(accountability.role ? [accountability.role] : [])]);
  for (const key of ROLE_PRIORITY) {
    if (held.has(ROLE_IDS[key])) return key;
  }
  return 'citizen';
}

/** Roles whose reach is limited to reports assigned to their own agency. */
export function isAgencyBound(role: Role): boolean {
  return role === 'opd_officer' || role === 'opd_head' || role === 'camat' || role === 'kades';
}

/** Roles that may backfill historical data (received_at) when creating a report. */
export function isTrusted(role: Role): boolean {
  return role === 'admin' || role === 'service';
}

/**
 * Whether the role's access policies (schema/src/access.ts) offer `action` on `collection` at all.
 * Directus runs filter hooks before its own permission check, so a hook that looks rows up
 * asks this first: a caller the policies refuse anyway learns nothing from the hook's answer.
 * Admins and the service (the n8n account, internal calls) pass; public and unknown roles do not.
 */
export function policiesOffer(role: Role, collection: string, action: PermissionRow['action']): boolean {
  if (role === 'admin' || role === 'service') return true;
  if (!(role in ROLE_IDS)) return false;
  const roleId = ROLE_IDS[role as keyof typeof ROLE_IDS];
  const policies = new Set(ACCESS.filter((a) => a.role === roleId).map((a) => a.policy));
  return PERMISSIONS.some((p) => policies.has(p.policy) && p.collection === collection && p.action === action);
}
