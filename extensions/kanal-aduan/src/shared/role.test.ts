import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { isAgencyBound, policiesOffer, roleFromAccountability } from './role.ts';

const user = (role: string | null, extra: Partial<{ admin: boolean; roles: string[] }> = {}) => ({
  user: 'u-1',
  role,
  roles: extra.roles ?? (role ? [role] : []),
  admin: extra.admin ?? false,
});

describe('roleFromAccountability', () => {
  it('treats calls without accountability (other hooks, flows, scripts) as the service', () => {
    expect(roleFromAccountability(null)).toBe('service');
    expect(roleFromAccountability(undefined)).toBe('service');
  });

  it('maps the admin flag to admin whatever the role', () => {
    expect(roleFromAccountability(user(null, { admin: true }))).toBe('admin');
    expect(roleFromAccountability(user(ROLE_IDS.opd_officer, { admin: true }))).toBe('admin');
  });

  it.each([
    ['verifikator', ROLE_IDS.verifikator],
    ['opd_officer', ROLE_IDS.opd_officer],
    ['opd_head', ROLE_IDS.opd_head],
    ['camat', ROLE_IDS.camat],
    ['kades', ROLE_IDS.kades],
    ['pimpinan', ROLE_IDS.pimpinan],
    ['service', ROLE_IDS.service],
  ])('maps the fixed role id of %s', (expected, id) => {
    expect(roleFromAccountability(user(id))).toBe(expected);
  });

  it('reads nested roles (Directus 11 role trees) and picks the strongest', () => {
    expect(roleFromAccountability(user('some-parent-role', { roles: ['some-parent-role', ROLE_IDS.camat] }))).toBe('camat');
    expect(roleFromAccountability(user(ROLE_IDS.opd_officer, { roles: [ROLE_IDS.opd_officer, ROLE_IDS.verifikator] }))).toBe('verifikator');
    // A Camat who also holds the Kades role acts as Camat (the wider region), never as a mere officer.
    expect(roleFromAccountability(user(ROLE_IDS.kades, { roles: [ROLE_IDS.kades, ROLE_IDS.camat] }))).toBe('camat');
    expect(roleFromAccountability(user(ROLE_IDS.opd_officer, { roles: [ROLE_IDS.opd_officer, ROLE_IDS.kades] }))).toBe('kades');
  });

  it('gives unknown roles and the public the least privilege', () => {
    expect(roleFromAccountability(user('00000000-0000-4000-8000-000000000999'))).toBe('citizen');
    expect(roleFromAccountability({ user: null, role: null, roles: [], admin: false })).toBe('citizen');
  });
});

describe('isAgencyBound', () => {
  it('limits OPD, Camat and Lurah/Kepala Desa roles to their own agency, not the verifikator', () => {
    expect(['opd_officer', 'opd_head', 'camat', 'kades'].every((r) => isAgencyBound(r as never))).toBe(true);
    expect(isAgencyBound('verifikator')).toBe(false);
    expect(isAgencyBound('admin')).toBe(false);
  });
});

describe('policiesOffer', () => {
  it("reads the role's policies, the Kepala OPD's inherited officer policy included", () => {
    expect(policiesOffer('opd_officer', 'complaint_media', 'create')).toBe(true);
    expect(policiesOffer('opd_head', 'complaint_media', 'create')).toBe(true);
    expect(policiesOffer('opd_officer', 'complaint_media', 'update')).toBe(false);
    expect(policiesOffer('verifikator', 'complaint_media', 'update')).toBe(true);
    expect(policiesOffer('pimpinan', 'complaint_media', 'create')).toBe(false);
    expect(policiesOffer('kades', 'complaint_media', 'create')).toBe(true);
    expect(policiesOffer('kades', 'citizens', 'read')).toBe(false);
    expect(policiesOffer('kades', 'wa_messages', 'read')).toBe(false);
  });

  it('lets admins and the service through and refuses the public', () => {
    expect(policiesOffer('admin', 'complaint_media', 'delete')).toBe(true);
    expect(policiesOffer('service', 'complaint_media', 'create')).toBe(true);
    expect(policiesOffer('citizen', 'complaint_media', 'create')).toBe(false);
  });
});
