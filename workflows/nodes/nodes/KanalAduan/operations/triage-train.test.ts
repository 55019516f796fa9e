import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { unpackModel } from '@kanal-aduan/core';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

const category = (code: string, default_agency: string, keywords: string[]) => ({
	id: code, code, name: code, name_en: null, description: null, keywords, default_agency, sla_policy: null, active: true, sort: null,
});
const CATEGORIES = [category('JALAN', 'DPUPR', ['jalan rusak']), category('SAMPAH', 'DLH', ['sampah'])];
let id = 0;
const report = (description: string, category: string | null, agency: string | null, status = 'resolved', status_reason: string | null = null) =>
	({ id: ++id, description, region: '16.02.01.2001', category, assigned_agency: agency, status, status_reason });

async function train(complaints: IDataObject[], params: IDataObject = {}) {
	const d = fakeDirectus({ complaints: complaints as never, routing_rules: [], categories: CATEGORIES as never, triage_models: [] });
	const { fns } = fakeExecute({
		params: { resource: 'triage', operation: 'train', maxReports: 3000, minConfidence: 0.6, ...params },
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS },
		http: d.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return { training: out![0]!.json.training as IDataObject, models: d.db['triage_models']! };
}

describe('triage.train (the nightly "Latih model disposisi")', () => {
	const history = [
		...Array.from({ length: 20 }, (_, k) => report(`lubang besar di ruas desa ${k}, motor jatuh`, 'JALAN', 'DPUPR')),
		...Array.from({ length: 20 }, (_, k) => report(`limbah rumah tangga menumpuk di pasar ${k}`, 'SAMPAH', 'DLH', 'closed', 'no_response')),
		...Array.from({ length: 5 }, (_, k) => report(`listrik pln padam lagi ${k}`, null, null, 'rejected', 'out_of_scope')),
		// Not final yet (the agency may still return it), and not about a place we route: left out.
		...Array.from({ length: 10 }, (_, k) => report(`jalan rusak ${k}`, 'JALAN', 'DLH', 'dispositioned')),
		report('iklan pinjaman', null, null, 'rejected', 'spam'),
	];

	it('learns from final dispositions only, stores the model with what it was measured at, and makes it the active one', async () => {
		const { training, models } = await train(history);
		expect(training).toMatchObject({ trained: true, reports: 45, trained_on: 36, held_out: 9, agency_accuracy: 1, category_accuracy: 1 });
		expect(training.keyword_agency_accuracy).toBeLessThan(0.5);
		expect(models).toHaveLength(1);
		expect(models[0]).toMatchObject({ active: true, trained_on: 36, held_out: 9, agency_accuracy: 1, min_confidence: 0.6 });
		// Stored packed (core model-codec), and read back whole.
		expect(models[0]!.model).toMatchObject({ encoding: 'br-base64' });
		const model = unpackModel(models[0]!.model) as { agency: { label_counts: Record<string, number> } };
		expect(model.agency.label_counts).toEqual({ DPUPR: 20, DLH: 20, LUAR_KEWENANGAN: 5 });
	});

	it('at the default Minimum Confidence (0) stores the threshold training chose by cross-validation, which the suggestion then uses', async () => {
		const { models } = await train(history, { minConfidence: 0 });
		const model = unpackModel(models[0]!.model) as { min_confidence: number; selection?: unknown };
		expect(model.selection).toBeDefined();
		expect(model.min_confidence).toBeGreaterThan(0);
		expect(models[0]!.min_confidence).toBe(model.min_confidence);
	});

	it('learns the spam text signal from the reports the desk rejected as spam, once it has enough of them', async () => {
		const few = await train(history);
		expect(few.training).toMatchObject({ spam_reports: 1, spam_model: false });
		expect((unpackModel(few.models[0]!.model) as { spam: unknown }).spam).toBeNull();
		expect(String(few.models[0]!.note)).toContain('Sinyal spam belum dipelajari: baru 1 laporan ditolak sebagai spam (perlu 10)');

		const rental = Array.from({ length: 12 }, (_, k) => report(`rental mobil lepas kunci avanza harian ${k}, antar jemput bandara`, null, null, 'rejected', 'spam'));
		const { training, models } = await train([...history, ...rental]);
		expect(training).toMatchObject({ trained: true, reports: 45, spam_reports: 13, spam_model: true });
		const spam = (unpackModel(models[0]!.model) as { spam: { label_counts: Record<string, number> } }).spam;
		// Spam against every report the routing model learns from (final dispositions and out of scope).
		expect(spam.label_counts).toEqual({ ok: 45, spam: 13 });
		expect(String(models[0]!.note)).toContain('Sinyal spam dipelajari dari 13 laporan yang ditolak sebagai spam.');
	});

	it('waits for enough history, and says so', async () => {
		const { training, models } = await train(history.slice(0, 20));
		expect(training).toMatchObject({ trained: false, reports: 20 });
		expect(String(training.message)).toMatch(/^Baru 20 laporan dengan instansi akhir; model dilatih setelah ada 30\./);
		expect(models).toEqual([]);
	});
});
