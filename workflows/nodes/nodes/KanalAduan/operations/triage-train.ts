// Trains the routing model from the desk's own final dispositions (core
// trainTriage), measures it on every fifth report held out beside the keyword
// rules (core evaluateTriage), and stores it in triage_models with those
// figures. The routing flow's suggestion reads the newest active one.
import {
	chosenOptions,
	evaluateTriageSteps,
	FINAL_AGENCY_STATUSES,
	MIN_SPAM_TEXT_EXAMPLES,
	MIN_TRAINING_REPORTS,
	packModel,
	trainingExample,
	trainSpamText,
	trainTriage,
	type DispositionRow,
	type TriageHistoryItem,
} from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';
import { passThrough, show, type Operation } from './common.ts';
import { routingReference } from './triage-common.ts';
import { runStepsYielding } from '../../../shared/run-steps.ts';

const R = 'triage';
const O = 'train';

export const option = {
	name: 'Train Routing Model',
	value: O,
	action: 'Train the routing model from final dispositions',
	description: 'Latih model saran kategori dan instansi dari disposisi akhir laporan, ukur pada laporan yang disisihkan, simpan di triage_models',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Newest Reports',
		name: 'maxReports',
		type: 'number',
		default: 3000,
		description: 'Paling banyak sekian laporan terbaru yang dipelajari (kebiasaan disposisi berubah; yang lama makin kurang berarti)',
		...show(R, O),
	},
	{
		displayName: 'Minimum Confidence',
		name: 'minConfidence',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		description: 'Saran model dipakai bila keyakinannya setidaknya sebesar ini; di bawahnya aturan disposisi. 0 = dipilih saat pelatihan (validasi silang pada riwayat). Disimpan bersama model; admin dapat mengubahnya di Directus.',
		...show(R, O),
	},
];

/** The reports core's trainingExample learns from, asked of Directus (it decides again on each row). */
const FINAL = {
	_or: [
		{ _and: [{ status: { _in: [...FINAL_AGENCY_STATUSES] } }, { assigned_agency: { _nnull: true } }] },
		{ _and: [{ status: { _eq: 'rejected' } }, { status_reason: { _eq: 'out_of_scope' } }] },
	],
};

/** The desk's spam verdicts: reports it rejected as spam (the spam side of the spam text model). */
const SPAM_VERDICTS = { _and: [{ status: { _eq: 'rejected' } }, { status_reason: { _eq: 'spam' } }] };

/**
 * Directus refuses bodies over MAX_PAYLOAD_SIZE (1 MB by default): a model whose packed body would
 * not fit learns from fewer, newer reports (packed, ~0.33 kB per report: about 2,700 reports).
 */
const MAX_MODEL_BYTES = 900_000;

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const max = Math.max(MIN_TRAINING_REPORTS, Number(this.getNodeParameter('maxReports', i, 3000)) || 3000);
	// 0 (the default): the threshold training chose by cross-validation; anything else overrides it.
	const override = Math.min(1, Math.max(0, Number(this.getNodeParameter('minConfidence', i, 0)) || 0));
	const rows = await directus.request<DispositionRow[]>('GET', '/items/complaints', {
		filter: FINAL, fields: 'description,region,category,assigned_agency,status,status_reason', sort: '-id', limit: max,
	});
	// Oldest first, so the held-out fifth is spread over the period.
	let history: TriageHistoryItem[] = (rows ?? [])
		.reverse()
		.map(trainingExample)
		.filter((h): h is TriageHistoryItem => h !== null);
	if (history.length < MIN_TRAINING_REPORTS) {
		return passThrough.call(this, i, {
			training: { trained: false, reports: history.length, message: `Baru ${history.length} laporan dengan instansi akhir; model dilatih setelah ada ${MIN_TRAINING_REPORTS}. Sampai saat itu aturan disposisi yang dipakai.` },
		});
	}
	const { rules, categories } = await routingReference(directus);
	const spamRows = await directus.request<{ description: string | null }[]>('GET', '/items/complaints', {
		filter: SPAM_VERDICTS, fields: 'description', sort: '-id', limit: max,
	});
	const spamTexts = (spamRows ?? []).map((r) => String(r.description ?? '')).filter((t) => t.trim() !== '');
	for (;;) {
		// The options are chosen by cross-validation inside the part the evaluation learns from (which
		// compares the model with the rules, Camat rules per kecamatan included); the stored model is
		// then trained with them on every report. The choosing runs in steps that let this worker's
		// event loop breathe (its job lock, other executions): it may take minutes on a large history.
		const { value: measured } = await runStepsYielding(evaluateTriageSteps(history, categories, rules));
		const evaluation = measured.evaluation;
		const routing = trainTriage(history, categories, { rules, ...chosenOptions(measured.models) });
		// Spam against the reports the desk handled; null while it has rejected too few as spam.
		const spam = trainSpamText([...spamTexts.map((text) => ({ text, spam: true })), ...history.map((h) => ({ text: h.text, spam: false }))], new Date(routing.agency.trained_at));
		const models = { ...routing, selection: measured.models.selection, spam };
		// Stored compressed (core model-codec): about a quarter of its JSON.
		const packed = await packModel(models);
		const body = JSON.stringify(packed);
		if (body.length > MAX_MODEL_BYTES && history.length > MIN_TRAINING_REPORTS * 2) {
			history = history.slice(Math.floor(history.length / 4));
			spamTexts.splice(0, Math.floor(spamTexts.length / 4));
			continue;
		}
		const row = await directus.create<{ id: number }>('triage_models', {
			active: true,
			trained_at: models.agency.trained_at,
			trained_on: evaluation.trained_on,
			held_out: evaluation.held_out,
			agency_accuracy: evaluation.agency_accuracy,
			category_accuracy: evaluation.category_accuracy,
			keyword_agency_accuracy: evaluation.keyword_agency_accuracy,
			min_confidence: override || models.min_confidence,
			model: packed,
			note: `Dilatih dari ${history.length} laporan (disposisi akhir); diukur pada ${evaluation.held_out} laporan yang disisihkan. ${spam ? `Sinyal spam dipelajari dari ${spamTexts.length} laporan yang ditolak sebagai spam.` : `Sinyal spam belum dipelajari: baru ${spamTexts.length} laporan ditolak sebagai spam (perlu ${MIN_SPAM_TEXT_EXAMPLES}).`}`,
		}, ['id']);
		return passThrough.call(this, i, { training: { trained: true, model: row.id, reports: history.length, spam_reports: spamTexts.length, spam_model: spam !== null, bytes: body.length, json_bytes: packed.json_length, ...evaluation } });
	}
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
