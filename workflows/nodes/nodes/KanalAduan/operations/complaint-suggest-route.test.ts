import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { trainTriage } from '@kanal-aduan/core';
import { KanalAduan } from '../KanalAduan.node.ts';

const rule = (id: number, category: string | null, region: string | null, agency: string, priority: number, active = true) => ({
	id, category, region, agency, priority, note: null, active,
});
const category = (code: string, name: string, default_agency: string | null, keywords: string[] = []) => ({
	id: code, code, name, name_en: null, description: null, keywords, default_agency, sla_policy: null, active: true, sort: null,
});
const CATEGORIES = [category('JALAN', 'Jalan rusak', 'DPUPR', ['jalan rusak']), category('SAMPAH', 'Sampah', 'DLH', ['sampah']), category('LAIN', 'Lainnya', null)];

async function suggest(complaint: IDataObject, rules: IDataObject[], complaintId = String(complaint.id), models: IDataObject[] = []) {
	const d = fakeDirectus({ complaints: [complaint as never], routing_rules: rules as never, categories: CATEGORIES as never, triage_models: models as never });
	const { fns } = fakeExecute({
		params: { resource: 'complaint', operation: 'suggestRoute', complaintId },
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS },
		http: d.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return { route: out![0]!.json.route as IDataObject, stored: d.db.complaints[0]! };
}

describe('complaint.suggestRoute (on verification: which agency the report should go to)', () => {
	const report = { id: 7, ticket: 'ADU-2611-00007', category: 'JALAN', region: '16.02.01.2001', status: 'verified', description: 'Jalan desa rusak berat.' };

	it('stores the agency of the best matching active rule as the suggestion', async () => {
		const { route, stored } = await suggest(report, [
			rule(1, 'JALAN', null, 'DPUPR', 10),
			// The kecamatan office handles village roads of its own area first.
			rule(2, 'JALAN', '16.02.01', 'KEC-16.02.01', 20),
			rule(3, 'JALAN', '16.02.01', 'DISHUB', 90, false),
		]);
		expect(route).toMatchObject({ agency: 'KEC-16.02.01', source: 'rules', model: null, ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: 'KEC-16.02.01', status: 'verified', route_reason: 'Aturan disposisi: KEC-16.02.01. Disarankan: KEC-16.02.01 (dari aturan disposisi).' });
	});

	it("falls back to the category's default agency when no rule matches", async () => {
		const { route, stored } = await suggest(report, [rule(1, 'SAMPAH', null, 'DLH', 10)]);
		expect(route).toMatchObject({ agency: 'DPUPR', source: 'rules', ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: 'DPUPR' });
	});

	it('keeps a report without any route visible to the verifikator instead of dropping it', async () => {
		const { route, stored } = await suggest({ ...report, category: 'LAIN', suggested_agency: 'DLH' }, []);
		expect(route).toMatchObject({ agency: null, reason: 'no_route', source: 'none', ticket: 'ADU-2611-00007' });
		expect(stored).toMatchObject({ suggested_agency: null, status: 'verified' });
		expect(String(stored.status_note)).toMatch(/^Belum ada OPD tujuan untuk laporan ini \(kategori «Lainnya», wilayah 16\.02\.01\.2001\)/);
	});

	it('fails the item when the report does not exist', async () => {
		await expect(suggest({ ...report, id: 8 }, [], '99')).rejects.toThrow(/Laporan 99 tidak ditemukan/);
	});

	describe('with a routing model trained from the desk\'s dispositions (triage_models)', () => {
		// Potholes told without the category's keywords went to DPUPR, rubbish to DLH: the model learns the words.
		const history = [
			...Array.from({ length: 15 }, (_, k) => ({ text: `lubang besar di ruas desa ${k}, motor jatuh`, region: '16.02.01.2001', category: 'JALAN', agency: 'DPUPR' })),
			...Array.from({ length: 15 }, (_, k) => ({ text: `limbah rumah tangga menumpuk di pasar ${k}, bau`, region: '16.02.01.2001', category: 'SAMPAH', agency: 'DLH' })),
		];
		const models = trainTriage(history, CATEGORIES as never, { now: new Date('2026-12-01T00:00:00Z') });
		const row = (id: number, extra: IDataObject = {}) => ({ id, active: true, min_confidence: 0.6, model: models as unknown as IDataObject, ...extra });

		it('suggests the model\'s agency when it is sure, with its version, confidence and words', async () => {
			const { route, stored } = await suggest({ ...report, category: 'SAMPAH', description: 'ada lubang besar, motor jatuh tadi pagi' }, [], '7', [row(2), row(3, { active: false })]);
			expect(route).toMatchObject({ agency: 'DPUPR', source: 'model', model: 2 });
			expect(stored.suggested_agency).toBe('DPUPR');
			expect(String(stored.route_reason)).toMatch(/^Model v2: DPUPR \(keyakinan \d+ %\), kata penentu: .*lubang.*\. Aturan disposisi: DLH\. Disarankan: DPUPR \(dari model\)\.$/);
		});

		it('leaves it to the rules when the model is not sure enough (words it never learned)', async () => {
			const { route, stored } = await suggest({ ...report, category: 'SAMPAH', description: 'mohon bantuannya segera ditindaklanjuti' }, [], '7', [row(2)]);
			expect(route).toMatchObject({ agency: 'DLH', source: 'rules', model: 2 });
			expect(String(stored.route_reason)).toMatch(/Disarankan: DLH \(dari aturan disposisi; model kurang yakin\)\.$/);
		});
	});
});

