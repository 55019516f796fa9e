import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

const head = { id: 'u-head', name: 'Budi', wa_phone: '6281100000001', locale: 'id' };
const entry = (complaint: number, stage: string, level: string, notify: string, overdue: boolean, days_late: number) => ({
	key: `${complaint}:${stage}:${level}`, complaint, ticket: `ADU-2611-${String(complaint).padStart(5, '0')}`, stage, level, notify,
	agency: 'DPUPR', agency_name: 'Dinas PUPR', due_at: '2026-11-25T16:59:59.999Z', days_late, overdue,
});
const DIGEST = {
	person: head,
	audience: 'agency_head',
	entries: [entry(4, 'respond', 'agency_head+0', 'agency_head', true, 2), entry(9, 'resolve', 'agency_officers-1', 'agency_officers', false, 0)],
};
const claimed = (key: string, status = 'claimed') => ({ id: key, key, status, sent_at: null, last_error: null });

async function record(params: IDataObject, reminders: IDataObject[]) {
	const d = fakeDirectus({ reminders: reminders as never, complaint_updates: [] });
	const { fns } = fakeExecute({
		params: { resource: 'sla', operation: 'record', digest: DIGEST, wamid: '', sendError: '', ...params },
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS },
		http: d.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return { recorded: out![0]!.json.recorded as IDataObject, db: d.db };
}

describe('sla.record (after the digest WhatsApp to one person)', () => {
	it('marks every level of a delivered digest sent and writes one internal history row per report', async () => {
		const { recorded, db } = await record({ wamid: 'wamid.OK' }, [claimed('4:respond:agency_head+0'), claimed('9:resolve:agency_officers-1'), claimed('5:verify:verifikator+0')]);
		expect(recorded).toEqual({ keys: ['4:respond:agency_head+0', '9:resolve:agency_officers-1'], status: 'sent', to: '6281100000001' });
		expect(db['reminders']!.map((r) => [r.key, r.status, r.last_error])).toEqual([
			['4:respond:agency_head+0', 'sent', null],
			['9:resolve:agency_officers-1', 'sent', null],
			// A level of someone else's digest is not this one's to mark.
			['5:verify:verifikator+0', 'claimed', null],
		]);
		expect(db['reminders']![0]!.sent_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
		expect(db['complaint_updates']!.map(({ id: _id, ...row }) => row)).toEqual([
			{ complaint: 4, kind: 'reminder', public: false, agency: 'DPUPR', body: 'Eskalasi batas tanggapan ke kepala instansi (Budi), terlambat 2 hari kerja.' },
			{ complaint: 9, kind: 'reminder', public: false, agency: 'DPUPR', body: 'Pengingat batas penyelesaian ke petugas instansi (Budi), sebelum batas waktu.' },
		]);
	});

	it('keeps a failed send visible with its reason and writes no history, leaving levels another send already delivered alone', async () => {
		const { recorded, db } = await record({ sendError: 'WhatsApp 131026: penerima tidak dapat dihubungi' }, [
			claimed('4:respond:agency_head+0'),
			// A second verifikator's digest carried the same level and went through.
			claimed('9:resolve:agency_officers-1', 'sent'),
		]);
		expect(recorded).toEqual({ keys: ['4:respond:agency_head+0', '9:resolve:agency_officers-1'], status: 'failed', to: '6281100000001' });
		expect(db['reminders']![0]).toMatchObject({
			status: 'failed',
			last_error: { to: '6281100000001', message: 'WhatsApp 131026: penerima tidak dapat dihubungi', at: expect.any(String) },
		});
		expect(db['reminders']![1]).toMatchObject({ status: 'sent', last_error: null });
		expect(db['complaint_updates']).toEqual([]);
	});

	it('refuses input that is not a digest from the scan', async () => {
		await expect(record({ digest: { entries: [] } }, [])).rejects.toThrow(/harus keluaran operasi Scan Deadlines/);
	});
});
