import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute } from '../../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../../shared/credential-names.ts';
import { KanalAduan } from '../KanalAduan.node.ts';

const WA = '6281234567890';
const THANKS = {
	id: 'notify.rating_thanks.id', key: 'notify.rating_thanks', locale: 'id', wa_template_name: null, wa_template_language: null, description: null,
	body: 'Terima kasih atas penilaian {{rating}} untuk laporan *{{ticket}}*.',
};
const citizen = { wa_id: WA, locale: 'id' };
const other = { wa_id: '6289999999999', locale: 'id' };
const report = (id: number, status: string, resolved_at: string | null, reporter = citizen) => ({ id, ticket: `ADU-2611-${String(id).padStart(5, '0')}`, status, resolved_at, reporter });

async function answer(seed: IDataObject[], replyId: string, text = '') {
	const d = fakeDirectus({ complaints: seed as never, message_templates: [THANKS] });
	const { fns } = fakeExecute({
		params: { resource: 'complaint', operation: 'satisfaction', waId: WA, replyId, text },
		credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS },
		http: d.handler,
	});
	const [out] = await new KanalAduan().execute.call(fns);
	return { result: out![0]!.json.satisfaction as IDataObject & { reply: { to: string; text: string } | null }, db: d.db, log: d.log };
}

describe('complaint.satisfaction (the citizen rates a resolved report)', () => {
	it('rates the newest resolved report of the sender, whatever order the rows come in, and closes it', async () => {
		const older = report(3, 'resolved', '2026-11-10T03:00:00Z');
		const newer = report(9, 'resolved', '2026-11-20T03:00:00Z');
		const { result, db } = await answer([older, report(12, 'resolved', '2026-11-25T03:00:00Z', other), newer], 'sat:4');
		expect(result).toMatchObject({ handled: true, ticket: 'ADU-2611-00009' });
		expect(result.reply).toEqual({ to: WA, text: 'Terima kasih atas penilaian 4 untuk laporan *ADU-2611-00009*.' });
		expect(db.complaints.find((c) => c.id === 9)).toMatchObject({ satisfaction: 4, status: 'closed', status_reason: 'citizen_confirmed' });
		expect(db.complaints.find((c) => c.id === 3)).toMatchObject({ status: 'resolved' });
		expect(db.complaints.find((c) => c.id === 3)).not.toHaveProperty('satisfaction');
		// Another citizen's newer report is never touched.
		expect(db.complaints.find((c) => c.id === 12)).toMatchObject({ status: 'resolved' });
	});

	it('breaks a tie in the same instant by the newer id', async () => {
		const at = '2026-11-20T03:00:00Z';
		const { result } = await answer([report(5, 'resolved', at), report(6, 'resolved', at), report(4, 'resolved', at)], 'sat:5');
		expect(result).toMatchObject({ handled: true, ticket: 'ADU-2611-00006' });
	});

	it('reopens the newest resolved report when the citizen says it is not done, without a thank-you', async () => {
		const { result, db } = await answer([report(3, 'resolved', '2026-11-10T03:00:00Z'), report(9, 'resolved', '2026-11-20T03:00:00Z')], 'sat:reopen');
		expect(result).toMatchObject({ handled: true, ticket: 'ADU-2611-00009', reply: null });
		expect(db.complaints.find((c) => c.id === 9)).toMatchObject({ status: 'in_progress' });
		expect(db.complaints.find((c) => c.id === 3)).toMatchObject({ status: 'resolved' });
	});

	it('lets the conversation go on when nothing waits for a rating or the message is no answer', async () => {
		const none = await answer([report(3, 'in_progress', null), report(4, 'closed', '2026-11-01T03:00:00Z')], 'sat:3');
		expect(none.result).toEqual({ handled: false, reason: 'nothing_to_rate' });
		expect(none.log.filter((l) => l.startsWith('PATCH'))).toEqual([]);
		const chat = await answer([report(3, 'resolved', '2026-11-10T03:00:00Z')], '', 'jalan di depan rumah rusak lagi');
		expect(chat.result).toEqual({ handled: false, reason: 'not_an_answer' });
		expect(chat.log).toEqual([]);
	});
});
