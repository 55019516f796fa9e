import { overdueState, ScanClock, ScanItem, type ReminderStage } from '@kanal-aduan/core';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { DirectusError, type DirectusClient } from '../directus-client.ts';
import { loadScanContext, resolveNow, SCAN_FIELDS, stageFilters } from '../sla/scan-context.ts';
import { clockProperties } from './sla-scan.ts';
import { passThrough, show, str, type Operation } from './common.ts';

const R = 'sla';
const O = 'maintain';

export const option = {
	name: 'Update Overdue and Auto-Close',
	value: O,
	action: 'Update overdue flags and auto close silent reports',
	description: 'Perbarui tanda "lewat batas" dan hari kerja terlambat; tutup laporan selesai yang tidak dijawab warga sampai batas tutup otomatis',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Auto-Close Batch Size',
		name: 'closeLimit',
		type: 'number',
		default: 200,
		description: 'Paling banyak laporan yang ditutup per jalan (sisanya pada jalan berikutnya)',
		...show(R, O),
	},
	...clockProperties(O),
];

/**
 * Wanted overdue/days_late per report, only where it differs from what is
 * stored: reports past a due date of their open stage, and reports still
 * flagged from an earlier run (which may have moved on since).
 */
export function overdueChanges(rows: readonly ScanItem[], now: Date, cal: Parameters<typeof overdueState>[2]) {
	const groups = new Map<string, { overdue: boolean; days_late: number; overdue_stage: ReminderStage | null; keys: number[] }>();
	const clock = new ScanClock(cal, now);
	for (const row of rows) {
		const { stage, ...want } = overdueState(row, now, cal, clock);
		if (Boolean(row.overdue) === want.overdue && (row.days_late ?? 0) === want.days_late && (row.overdue_stage ?? null) === stage) continue;
		const g = `${want.overdue}:${want.days_late}:${stage}`;
		if (!groups.has(g)) groups.set(g, { ...want, overdue_stage: stage, keys: [] });
		groups.get(g)!.keys.push(row.id);
	}
	return [...groups.values()];
}

/**
 * Closes one silent resolved report. A report that left "resolved" since it
 * was read (another scan closed it at the same moment, or the citizen answered
 * and it was reopened) is refused by the complaint hook: that is not a
 * failure of this scan, and the rest of the batch goes on. Returns whether
 * this call closed it.
 */
export async function autoClose(directus: DirectusClient, id: number): Promise<boolean> {
	try {
		await directus.request('PATCH', `/items/complaints/${id}`, { fields: 'id' }, {
			status: 'closed',
			status_reason: 'no_response',
			status_note: 'Ditutup otomatis: pelapor tidak menanggapi dalam batas waktu setelah laporan selesai ditangani.',
		});
		return true;
	} catch (error) {
		if (!(error instanceof DirectusError) || error.httpStatus !== 400) throw error;
		const [now] = await directus.list<{ status: string }>('complaints', { id: { _eq: id } }, ['status'], 1);
		if (now && now.status !== 'resolved') return false;
		throw error;
	}
}

export async function execute(this: IExecuteFunctions, i: number, directus: DirectusClient): Promise<INodeExecutionData> {
	const creds = await this.getCredentials(KANAL_ADUAN_CREDENTIAL);
	const now = resolveNow(str(this.getNodeParameter('now', i, '')), str(this.getNodeParameter('nowSignature', i, '')), creds.eventsSecret as string | undefined);
	const ctx = await loadScanContext(directus, now).catch((error: Error) => {
		throw new Error(`Data rujukan (settings, sla_policies, holidays) belum lengkap di Directus: ${error.message}`);
	});

	// Auto-close (SP4N: 10 working days of citizen silence after resolution).
	// Through Directus so the complaint hook checks the move, stamps closed_at
	// and writes the status history like any other close.
	const silent = await directus.request<{ id: number; ticket: string }[]>('GET', '/items/complaints', {
		filter: { _and: [{ status: { _eq: 'resolved' } }, { autoclose_due: { _lte: now.toISOString() } }] },
		fields: 'id,ticket',
		sort: 'autoclose_due',
		limit: Number(this.getNodeParameter('closeLimit', i, 200)) || 200,
	});
	const closed: string[] = [];
	for (const c of silent ?? []) if (await autoClose(directus, c.id)) closed.push(c.ticket);

	const rows = new Map<number, ScanItem>();
	const read = async (filter: object) => {
		const got = await directus.request<unknown[]>('GET', '/items/complaints', { filter, fields: SCAN_FIELDS.join(','), limit: -1 });
		for (const r of got ?? []) {
			const item = ScanItem.parse(r);
			rows.set(item.id, item);
		}
	};
	for (const stage of ['verify', 'respond', 'resolve'] as const) for (const filter of stageFilters(stage, now)) await read(filter);
	await read({ overdue: { _eq: true } });
	const changes = overdueChanges([...rows.values()], now, ctx.calendar);
	for (const c of changes) {
		await directus.request('PATCH', '/items/complaints', {}, { keys: c.keys, data: { overdue: c.overdue, days_late: c.days_late, overdue_stage: c.overdue_stage } });
	}
	return passThrough.call(this, i, {
		maintain: {
			now: now.toISOString(),
			closed,
			overdue_updated: changes.reduce((n, c) => n + c.keys.length, 0),
		},
	});
}

export default { resource: R, operation: O, option, description, execute } satisfies Operation;
