// Roles, policies and permissions of Kanal Aduan as code. Every row has a fixed
// UUID so applying is an upsert and other packages can refer to roles by id.

/** Fixed role ids (policies use the same id with the last block + 100). */
export const ROLE_IDS = {
  verifikator: '6b1f2a10-0000-4000-8000-000000000001',
  opd_officer: '6b1f2a10-0000-4000-8000-000000000002',
  opd_head: '6b1f2a10-0000-4000-8000-000000000003',
  camat: '6b1f2a10-0000-4000-8000-000000000004',
  pimpinan: '6b1f2a10-0000-4000-8000-000000000005',
  service: '6b1f2a10-0000-4000-8000-000000000006',
} as const;
export type RoleKey = keyof typeof ROLE_IDS;

/** Policy ids: the role id with the last block + 100 (…000000000101 for verifikator). */
export const POLICY_IDS = {
  verifikator: '6b1f2a10-0000-4000-8000-000000000101',
  opd_officer: '6b1f2a10-0000-4000-8000-000000000102',
  opd_head: '6b1f2a10-0000-4000-8000-000000000103',
  camat: '6b1f2a10-0000-4000-8000-000000000104',
  pimpinan: '6b1f2a10-0000-4000-8000-000000000105',
  service: '6b1f2a10-0000-4000-8000-000000000106',
} as const satisfies Record<RoleKey, string>;
