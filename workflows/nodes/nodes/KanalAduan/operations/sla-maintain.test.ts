import { describe, expect, it } from 'vitest';
import { DirectusClient, DirectusError } from '../directus-client.ts';
import { autoClose } from './sla-maintain.ts';

/** Directus answering the auto-close's PATCH as `patch` says, and the re-read with the report's status then. */
function directusWith(patch: 'ok' | 'refused', statusAfter: string) {
	const calls: string[] = [];
	const client = new DirectusClient('http://directus.test', async (req) => {
		calls.push(`${req.method} ${new URL(req.url).pathname}`);
		if (req.method === 'PATCH') {
			return patch === 'ok'
				? { statusCode: 200, body: { data: { id: 6 } }, headers: {} }
				: { statusCode: 400, body: { errors: [{ message: 'Laporan ini berubah sementara itu. Muat ulang lalu coba lagi.', extensions: { code: 'INVALID_PAYLOAD' } }] }, headers: {} };
		}
		return { statusCode: 200, body: { data: [{ status: statusAfter }] }, headers: {} };
	}, async () => {});
	return { client, calls };
}

describe('sla.maintain auto-close of one silent resolved report', () => {
	it('closes it', async () => {
		const { client, calls } = directusWith('ok', 'closed');
		expect(await autoClose(client, 6)).toBe(true);
		expect(calls).toEqual(['PATCH /items/complaints/6']);
	});

	it('skips a report another scan closed at the same moment (or the citizen reopened), without failing the scan', async () => {
		for (const statusAfter of ['closed', 'in_progress']) {
			const { client, calls } = directusWith('refused', statusAfter);
			expect(await autoClose(client, 6)).toBe(false);
			expect(calls).toEqual(['PATCH /items/complaints/6', 'GET /items/complaints']);
		}
	});

	it('fails loudly when Directus refuses a report that is still resolved: something else is wrong', async () => {
		const { client } = directusWith('refused', 'resolved');
		await expect(autoClose(client, 6)).rejects.toBeInstanceOf(DirectusError);
	});
});
