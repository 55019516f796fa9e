/**
 * Directus role ids of Kanal Aduan's roles, fixed so that every deployment,
 * seed, test and the n8n nodes name the same role. The schema creates the
 * roles with these ids (schema/src/access.ts); the n8n package reads them from
 * here, so it does not pull in the schema package and its Directus SDK.
 */
export const ROLE_IDS = {
  verifikator: '6b1f2a10-0000-4000-8000-000000000001',
  opd_officer: '6b1f2a10-0000-4000-8000-000000000002',
  opd_head: '6b1f2a10-0000-4000-8000-000000000003',
  camat: '6b1f2a10-0000-4000-8000-000000000004',
  pimpinan: '6b1f2a10-0000-4000-8000-000000000005',
  service: '6b1f2a10-0000-4000-8000-000000000006',
  /** Lurah/Kepala Desa: the head of a kelurahan or desa office (core/README.md glossary). */
  kades: '6b1f2a10-0000-4000-8000-000000000007',
  /** Tim Meja Kecamatan: screens the new reports of one intake desk (core intake-desks.ts). */
  desk_team: '6b1f2a10-0000-4000-8000-000000000008',
} as const;
export type RoleKey = keyof typeof ROLE_IDS;
