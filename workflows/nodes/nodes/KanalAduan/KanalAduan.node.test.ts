import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIALS, fakeDirectus, fakeExecute, type HttpHandler } from '../../__tests__/helpers.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../../shared/credential-names.ts';
import { KanalAduan } from './KanalAduan.node.ts';
import { nextDeliveryStatus } from '@kanal-aduan/core';

const node = new KanalAduan();

const inbound = {
	kind: 'message',
	phoneNumberId: '100000000000001',
	contact: { wa_id: '6281234567890', name: 'Siti' },
	message: { from: '6281234567890', id: 'wamid.IN1', timestamp: '1790000000', type: 'text', text: { body: 'Jalan di depan pasar berlubang' } },
};

async function run(params: Record<string, unknown>, items: IDataObject[], http: HttpHandler, continueOnFail = false) {
	const { fns, calls } = fakeExecute({ params, items, credentials: { [KANAL_ADUAN_CREDENTIAL]: DIRECTUS_CREDENTIALS }, http, continueOnFail });
	const [out] = await node.execute.call(fns);
	return { out: out!.map((i) => i.json), calls };
}

describe('KanalAduan message.log', () => {
	const params = { resource: 'message', operation: 'log', source: 'event' };

	it('refuses an inbound message: Intake → Handle Message logs and answers those', async () => {
		const d = fakeDirectus();
		await expect(run(params, [inbound], d.handler)).rejects.toThrow(/Intake → Handle Message/);
		expect(d.db.wa_messages ?? []).toHaveLength(0);
	});

	it('moves an outbound row forward on status updates, never backwards', async () => {
		const d = fakeDirectus({ wa_messages: [{ id: 'm1', wamid: 'wamid.OUT', direction: 'out', wa_id: '6281234567890', type: 'text', status: 'sent' }] });
		const status = (s: string) => ({ kind: 'status', phoneNumberId: '1', status: { id: 'wamid.OUT', status: s, timestamp: '1', recipient_id: '6281234567890' } });
		const first = await run(params, [status('read')], d.handler);
		expect(d.db.wa_messages[0]!.status).toBe('read');
		// Every read skips Directus's response cache: a row read while it was being saved must not linger there.
		expect(first.calls.filter((c) => (c.options.method ?? 'GET') === 'GET').length).toBeGreaterThan(0);
		expect(first.calls.map((c) => (c.options.headers as Record<string, string> | undefined)?.['cache-control'])).toEqual(first.calls.map(() => 'no-store'));
		const late = await run(params, [status('delivered')], d.handler);
		expect(d.db.wa_messages[0]!.status).toBe('read');
		expect(late.out[0]).toMatchObject({ deliveryStatus: 'read', duplicate: false });
	});

	it('logs an outbound message from fields', async () => {
		const d = fakeDirectus();
		const sent = { wamid: 'wamid.OUT9', to: '6281234567890', type: 'text', message: { type: 'text', text: { body: 'Terima kasih' } } };
		await run(
			{ ...params, source: 'fields', direction: 'out', wamid: sent.wamid, waId: sent.to, messageType: 'text', payload: sent.message, status: 'sent', complaintId: '7' },
			[sent],
			d.handler,
		);
		expect(d.db.wa_messages[0]).toMatchObject({ wamid: 'wamid.OUT9', direction: 'out', complaint: 7, payload: { text: { body: 'Terima kasih' } } });
	});

	it('takes over the row a delivery status logged first, keeping the status it reached', async () => {
		// The simulator (and Meta) can report "delivered" before the workflow that sent the message logs it.
		const d = fakeDirectus({ wa_messages: [{ id: 'm1', wamid: 'wamid.TPL', direction: 'out', wa_id: '6281234567890', type: 'status', status: 'delivered', complaint: null, payload: { id: 'wamid.TPL', status: 'delivered' } }] });
		const sent = { type: 'template', template: { name: 'kanal_aduan_disposisi' } };
		const r = await run(
			{ ...params, source: 'fields', direction: 'out', wamid: 'wamid.TPL', waId: '6281234567890', messageType: 'template', payload: sent, status: 'sent', complaintId: '7' },
			[{}],
			d.handler,
		);
		expect(r.out[0]).toMatchObject({ duplicate: false, waMessageId: 'm1' });
		expect(d.db.wa_messages).toHaveLength(1);
		expect(d.db.wa_messages[0]).toMatchObject({ id: 'm1', type: 'template', complaint: 7, status: 'delivered', payload: sent });

		// Logging the same message again is a duplicate and changes nothing.
		const again = await run(
			{ ...params, source: 'fields', direction: 'out', wamid: 'wamid.TPL', waId: '6281234567890', messageType: 'template', payload: sent, status: 'sent', complaintId: '7' },
			[{}],
			d.handler,
		);
		expect(again.out[0]).toMatchObject({ duplicate: true, waMessageId: 'm1' });
		expect(d.db.wa_messages[0]).toMatchObject({ type: 'template', status: 'delivered' });
	});
});

describe('KanalAduan message.log: errors and delivery statuses', () => {
	const params = { resource: 'message', operation: 'log', source: 'event' };
	const SITI = '6281234567890';
	it('value-level errors are stored as an error row an admin sees, once per notice', async () => {
		const d = fakeDirectus();
		const errorEvent = { kind: 'error', phoneNumberId: '100000000000001', errors: [{ code: 131056, title: '(Business Account, Consumer Account) pair rate limit hit' }] };
		const { out } = await run(params, [errorEvent, errorEvent], d.handler);
		expect(out.map((o) => o.converse)).toEqual([false, false]);
		expect(d.db.wa_messages).toHaveLength(1);
		expect(d.db.wa_messages[0]).toMatchObject({ type: 'error', status: 'failed', error: [expect.objectContaining({ code: 131056 })] });
	});

	it('a failed delivery status stores its error on the outbound row', async () => {
		const d = fakeDirectus({ wa_messages: [{ id: 'm1', wamid: 'wamid.OUT', direction: 'out', wa_id: SITI, type: 'text', status: 'delivered' }] });
		const errors = [{ code: 131026, title: 'Message undeliverable' }];
		await run(params, [{ kind: 'status', phoneNumberId: '1', status: { id: 'wamid.OUT', status: 'failed', timestamp: '1', recipient_id: SITI, errors } }], d.handler);
		expect(d.db.wa_messages[0]).toMatchObject({ status: 'failed', error: errors });
	});
});

describe('nextDeliveryStatus', () => {
	it('only moves forward, and failed always wins', () => {
		expect(nextDeliveryStatus('sent', 'delivered')).toBe('delivered');
		expect(nextDeliveryStatus('read', 'delivered')).toBe('read');
		expect(nextDeliveryStatus('read', 'failed')).toBe('failed');
		expect(nextDeliveryStatus(null, 'sent')).toBe('sent');
	});
});

describe('KanalAduan citizen.upsert', () => {
	const params = { resource: 'citizen', operation: 'upsert', waId: '6281234567890', displayName: 'Siti' };

	it('creates a citizen with an E.164 phone when the wa_id is new', async () => {
		const d = fakeDirectus();
		const { out } = await run(params, [inbound], d.handler);
		expect(out[0]).toMatchObject({ citizenAction: 'created', citizen: { wa_id: '6281234567890', phone: '+6281234567890', display_name: 'Siti', blocked: false } });
		expect(d.db.citizens).toHaveLength(1);
	});

	it('updates the name of a known citizen instead of creating a second one', async () => {
		const d = fakeDirectus({ citizens: [{ id: 'c1', wa_id: '6281234567890', phone: '+6281234567890', display_name: 'siti lama', locale: 'id', blocked: false }] });
		const { out } = await run(params, [inbound], d.handler);
		expect(out[0]).toMatchObject({ citizenAction: 'updated', citizen: { id: 'c1', display_name: 'Siti' } });
		expect(d.db.citizens).toHaveLength(1);
		expect(d.log.filter((l) => l.startsWith('POST'))).toHaveLength(0);
	});

	it('leaves a known citizen alone when nothing changed, and never blanks a name', async () => {
		const d = fakeDirectus({ citizens: [{ id: 'c1', wa_id: '6281234567890', phone: '+6281234567890', display_name: 'Siti', locale: 'id', blocked: false }] });
		const { out } = await run({ ...params, displayName: '' }, [inbound], d.handler);
		expect(out[0]).toMatchObject({ citizenAction: 'unchanged', citizen: { display_name: 'Siti' } });
		expect(d.log.filter((l) => !l.startsWith('GET'))).toHaveLength(0);
	});
});

describe('KanalAduan complaint.createFromMessage', () => {
	it('creates a received WhatsApp complaint from the message text and reads back the ticket', async () => {
		const d = fakeDirectus({ wa_messages: [{ id: 'm1', wamid: 'wamid.IN1', direction: 'in', wa_id: '6281234567890', type: 'text', status: 'received' }] });
		const item = { ...inbound, citizen: { id: 'c1', locale: 'id' }, waMessageId: 'm1' };
		const { out } = await run(
			{ resource: 'complaint', operation: 'createFromMessage', reporter: 'c1', description: '', complaintType: 'pengaduan', waMessageId: 'm1' },
			[item],
			d.handler,
		);
		expect(d.db.complaints[0]).toMatchObject({
			description: 'Jalan di depan pasar berlubang',
			type: 'pengaduan',
			channel: 'whatsapp',
			status: 'received',
			reporter: 'c1',
		});
		expect(out[0]).toMatchObject({ complaint: { ticket: 'ADU-2611-00001' }, citizen: { id: 'c1' } });
		expect(d.db.wa_messages[0]!.complaint).toBe(d.db.complaints[0]!.id);
	});

	it('explains a missing ticket as a missing Directus extension', async () => {
		const http: HttpHandler = () => ({ statusCode: 200, body: { data: { id: 5, ticket: null, status: 'received', type: 'pengaduan' } } });
		await expect(
			run({ resource: 'complaint', operation: 'createFromMessage', reporter: 'c1', description: 'x', complaintType: 'pengaduan', waMessageId: '' }, [{}], http),
		).rejects.toThrow(/kanal-aduan/);
	});
});

describe('KanalAduan template.render', () => {
	const templates = [
		{ id: 'intake.received.id', key: 'intake.received', locale: 'id', body: 'Terima kasih, {{name}}. Tiket *{{ticket}}*.', wa_template_name: null, wa_template_language: null, description: null },
	];

	it('loads the template by key and locale and renders it (falls back to id)', async () => {
		const d = fakeDirectus({ message_templates: templates });
		const { out } = await run(
			{ resource: 'template', operation: 'render', key: 'intake.received', locale: 'en', variables: { name: 'Siti & Co', ticket: 'ADU-2611-00042' } },
			[{}],
			d.handler,
		);
		expect(out[0]!.rendered).toMatchObject({ text: 'Terima kasih, Siti & Co. Tiket *ADU-2611-00042*.', locale: 'id' });
	});

	it('says where to add a missing text', async () => {
		const d = fakeDirectus();
		await expect(run({ resource: 'template', operation: 'render', key: 'nope', locale: 'id', variables: '{}' }, [{}], d.handler)).rejects.toThrow(/message_templates/);
	});
});

describe('KanalAduan Directus errors', () => {
	const params = { resource: 'citizen', operation: 'upsert', waId: '6281234567890', displayName: '' };

	it('says Directus is down when it cannot be reached', async () => {
		const http: HttpHandler = () => {
			throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8055'), { code: 'ECONNREFUSED' });
		};
		await expect(run(params, [{}], http)).rejects.toThrow('Directus tidak dapat dihubungi di http://directus.test — periksa apakah layanan berjalan');
	});

	it('points at the token on 401 and at the policy on 403', async () => {
		await expect(run(params, [{}], () => ({ statusCode: 401, body: { errors: [{ message: 'Invalid user credentials.', extensions: { code: 'INVALID_CREDENTIALS' } }] } }))).rejects.toThrow(/token/);
		await expect(run(params, [{}], () => ({ statusCode: 403, body: { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] } }))).rejects.toThrow(/Layanan n8n/);
	});

	it('with continueOnFail, keeps the item and adds the error', async () => {
		const { out } = await run(params, [{ keep: 1 }], () => ({ statusCode: 403, body: { errors: [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }] } }), true);
		expect(out[0]).toMatchObject({ keep: 1, code: 'FORBIDDEN' });
	});
});
