import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import { KANAL_MODULES } from '@kanal-aduan/schema/src/module-bar.ts';
import { describe, expect, it, vi } from 'vitest';
import { mayRecordDeskReports } from '../shared/desk-access.ts';
import type { AppUser } from './app-user.ts';

// The view is a Vue single-file component the admin app renders; the definition is what is tested here.
vi.mock('./module.vue', () => ({ default: { name: 'kanal-catat-view' } }));
const { default: catatModule } = await import('./index.ts');

const STAFF = '11111111-2222-4333-8444-555555555555';
/** A user as Directus 11.17's app hands it to preRegisterCheck (its /users/me, /policies/me/globals and /roles/me). */
function appUser(o: { role?: string | null; roles?: string[]; admin?: boolean }): AppUser {
  return {
    id: STAFF,
    role: o.role ? { id: o.role } : null,
    roles: (o.roles ?? (o.role ? [o.role] : [])).map((id) => ({ id })),
    admin_access: o.admin ?? false,
    app_access: true,
  } as unknown as AppUser;
}
const permissions = {} as Parameters<NonNullable<typeof catatModule.preRegisterCheck>>[1];
const check = (user: AppUser) => catatModule.preRegisterCheck!(user, permissions);

describe('«Catat laporan» module', () => {
  it('is the module the module bar lists, with its Indonesian name and one route showing the page', () => {
    expect(catatModule.id).toBe('kanal-aduan-catat');
    expect(catatModule.name).toBe('Catat laporan');
    expect(catatModule.icon).toBe('support_agent');
    expect(catatModule.routes).toEqual([{ path: '', component: { name: 'kanal-catat-view' } }]);
    // The schema apply adds exactly this id to directus_settings.module_bar.
    expect(KANAL_MODULES.map((m) => m.id)).toContain(catatModule.id);
  });

  it('is registered for the verifikator and admins only, as the endpoint lets them in', () => {
    expect(check(appUser({ role: ROLE_IDS.verifikator }))).toBe(true);
    expect(check(appUser({ role: null, admin: true }))).toBe(true);
    // A child role of the verifikator: Directus 11's app lists the parents in `roles`.
    expect(check(appUser({ role: '99999999-0000-4000-8000-000000000001', roles: ['99999999-0000-4000-8000-000000000001', ROLE_IDS.verifikator] }))).toBe(true);
    expect(check(appUser({ role: ROLE_IDS.opd_officer }))).toBe(false);
    expect(check(appUser({ role: ROLE_IDS.pimpinan }))).toBe(false);
    expect(check(appUser({ role: null }))).toBe(false);
  });

  it('answers every role as the endpoint does', () => {
    for (const [key, id] of Object.entries(ROLE_IDS)) {
      expect({ key, shown: check(appUser({ role: id })) }).toEqual({ key, shown: mayRecordDeskReports({ user: STAFF, role: id, roles: [id], admin: false }) });
    }
  });
});
