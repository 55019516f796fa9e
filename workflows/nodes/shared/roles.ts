/**
 * Directus role ids of Kanal Aduan (fixed in schema/src/access.ts; a test keeps
 * the two in step). Copied rather than imported so the n8n bundle does not pull
 * in the schema package and its Directus SDK.
 */
export const ROLE_IDS = {
	verifikator: '6b1f2a10-0000-4000-8000-000000000001',
	opd_officer: '6b1f2a10-0000-4000-8000-000000000002',
	opd_head: '6b1f2a10-0000-4000-8000-000000000003',
	camat: '6b1f2a10-0000-4000-8000-000000000004',
	pimpinan: '6b1f2a10-0000-4000-8000-000000000005',
	service: '6b1f2a10-0000-4000-8000-000000000006',
} as const;
