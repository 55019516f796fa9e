import type { ModuleConfig } from '@directus/types';
import type { AccountabilityLike } from '../shared/role.ts';

/** The user a module's preRegisterCheck receives (@directus/types does not export its name). */
export type AppUser = Parameters<NonNullable<ModuleConfig['preRegisterCheck']>>[0];

/**
 * The admin app's signed-in user as the endpoint's accountability, so the app
 * asks the endpoint's own access rules. Directus 11.17's app builds the user
 * from /users/me (`role.id`), /policies/me/globals (`admin_access`) and
 * /roles/me (`roles`: the role and its parents); `roles` is not in the type.
 */
export function accountabilityOfAppUser(user: AppUser | null | undefined): AccountabilityLike {
  if (!user) return { user: null, role: null, roles: [], admin: false };
  const roles = (user as AppUser & { roles?: Array<{ id: string } | string> | null }).roles ?? [];
  return {
    user: user.id ?? null,
    admin: user.admin_access === true,
    role: user.role?.id ?? null,
    roles: roles.map((r) => (typeof r === 'string' ? r : r.id)),
  };
}
