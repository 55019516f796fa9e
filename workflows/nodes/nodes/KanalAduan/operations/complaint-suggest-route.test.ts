import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

const rule = (id: number, category: string | null, region: string | null, agency: string, priority: number, active = true) => ({
	id, category, region, agency, priority, note: null, active,
});
const CATEGORIES = [
	{ id: 'JALAN', code: 'JALAN', name: 'Jalan rusak', default_agency: 'DPUPR' },
	{ id: 'LAIN', code: 'LAIN', name: 'Lainnya', default_agency: null },
];

async function suggest(complaint: IDataObject, rules: IDataObject[], complaintId = String(complaint.id)) {
	const d = fakeDirectus({ complaints: [complaint as never], routing_rules: rules as never, categories: CATEGORIES as never });
	const { fns } = fakeExecute({
		params: { resource: 'complaint', operation: 'suggestRoute', complaintId },
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS },
		http: d.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return { route: out![0]!.json.route as IDataObject, stored: d.db.complaints[0]! };
}

describe('complaint.suggestRoute (on verification: which agency the report should go to)', () => {
	const report = { id: 7, ticket: 'ADU-2611-00007', category: 'JALAN', region: '16.02.01.2001', status: 'verified' };

	it('stores the agency of the best matching active rule as the suggestion', async () => {
		const { route, stored } = await suggest(report, [
			rule(1, 'JALAN', null, 'DPUPR', 10),
			// The kecamatan office handles village roads of its own area first.
			rule(2, 'JALAN', '16.02.01', 'KEC-16.02.01', 20),
			rule(3, 'JALAN', '16.02.01', 'DISHUB', 90, false),
		]);
		expect(route).toEqual({ agency: 'KEC-16.02.01', reason: 'rule', rule: 2, ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: 'KEC-16.02.01', status: 'verified' });
	});

	it("falls back to the category's default agency when no rule matches", async () => {
		const { route, stored } = await suggest(report, [rule(1, 'SAMPAH', null, 'DLH', 10)]);
		expect(route).toEqual({ agency: 'DPUPR', reason: 'category_default', rule: null, ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: 'DPUPR' });
	});

	it('keeps a report without any route visible to the verifikator instead of dropping it', async () => {
		const { route, stored } = await suggest({ ...report, category: 'LAIN', suggested_agency: 'DLH' }, []);
		expect(route).toMatchObject({ agency: null, reason: 'no_route', rule: null, ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: null, status: 'verified' });
		expect(String(stored.status_note)).toMatch(/^Belum ada OPD tujuan untuk laporan ini \(kategori «Lainnya», wilayah 16\.02\.01\.2001\)/);
	});

	it('fails the item when the report does not exist', async () => {
		await expect(suggest({ ...report, id: 8 }, [], '99')).rejects.toThrow(/Laporan 99 tidak ditemukan/);
	});
});
