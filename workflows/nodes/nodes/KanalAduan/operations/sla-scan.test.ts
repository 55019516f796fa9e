// sla.scan as n8n runs it, over an in-memory Directus: each report's steps come
// from its category's policy, a stale unsent claim is re-claimed through the
// bundle's compare-and-set endpoint, a young one is left to the run that holds
// it, and two runs at once still send every level once.
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeExecute } from '../../../__tests__/helpers.ts';
import { ROLE_IDS } from '../../../shared/roles.ts';
import { DirectusClient } from '../directus-client.ts';
import { clockSignature } from '../sla/scan-context.ts';
import { execute } from './sla-scan.ts';

type Row = Record<string, unknown>;
const SECRET = 'events-secret';
const NOW = '2026-11-26T02:00:00.000Z'; // Thursday 09:00 WIB
const ago = (min: number) => new Date(Date.parse(NOW) - min * 60_000).toISOString();
const VERIFY_DUE = '2026-11-25T16:59:59.999Z'; // end of Wednesday WIB: passed

function fakeDirectus() {
	const reminders = new Map<string, Row>([
		// Report 1 (JALAN, SP4N): the pre-deadline level was claimed an hour ago by a run that died.
		['1:verify:verifikator-1', { key: '1:verify:verifikator-1', complaint: 1, status: 'claimed', attempts: 1, claimed_at: ago(60) }],
		// Report 2 (BENCANA, KILAT policy): the pimpinan digest failed twice, the last time 20 minutes ago.
		['2:verify:pimpinan+0', { key: '2:verify:pimpinan+0', complaint: 2, status: 'failed', attempts: 2, claimed_at: ago(20) }],
		// Report 3 (JALAN): delivered before; its overdue level is being sent right now by another run.
		['3:verify:verifikator-1', { key: '3:verify:verifikator-1', complaint: 3, status: 'sent', attempts: 1, claimed_at: ago(1500) }],
		['3:verify:verifikator+0', { key: '3:verify:verifikator+0', complaint: 3, status: 'claimed', attempts: 1, claimed_at: ago(5) }],
	]);
	const tables: Record<string, Row[] | Row> = {
		settings: { timezone: 'Asia/Jakarta', reminder_send_from: '07:00', reminder_send_until: '18:00', reminder_quiet_days_off: true },
		sla_policies: [
			{ code: 'SP4N', escalation: [{ stage: 'verify', after_days: -1, notify: 'verifikator' }, { stage: 'verify', after_days: 0, notify: 'verifikator' }] },
			{ code: 'KILAT', escalation: [{ stage: 'verify', after_days: 0, notify: 'pimpinan' }] },
		],
		categories: [{ code: 'BENCANA', sla_policy: 'KILAT' }],
		holidays: [],
		agencies: [],
		message_templates: [
			{ id: 'v.id', key: 'reminder.verifikator_digest', locale: 'id', body: '{{#each items}}{{ticket}};{{/each}}', wa_template_name: null, wa_template_language: null, description: null },
			{ id: 'p.id', key: 'reminder.pimpinan_digest', locale: 'id', body: '{{#each items}}{{ticket}};{{/each}}', wa_template_name: null, wa_template_language: null, description: null },
		],
		complaints: [1, 2, 3].map((id) => ({
			id, ticket: `ADU-2611-0000${id}`, status: 'received', category: id === 2 ? 'BENCANA' : 'JALAN', assigned_agency: null,
			verify_due: VERIFY_DUE, respond_due: null, resolve_due: null, first_response_at: null, overdue: true, days_late: 1, overdue_stage: 'verify',
		})),
	};
	const users = [
		{ id: 'rina', first_name: 'Rina', last_name: null, role: ROLE_IDS.verifikator, agency: null, wa_phone: '+6281100000001' },
		{ id: 'bupati', first_name: 'Bupati', last_name: null, role: ROLE_IDS.pimpinan, agency: null, wa_phone: '+6281100000005' },
	];
	const calls: string[] = [];
	const ok = (data: unknown) => ({ statusCode: 200, headers: {}, body: { data } });
	const http = async (req: { method: string; url: string; body?: unknown }) => {
		const url = new URL(req.url);
		const path = decodeURIComponent(url.pathname);
		calls.push(`${req.method} ${path}`);
		await new Promise((r) => setTimeout(r, Math.random() * 3)); // interleave concurrent runs
		if (path === '/users') return ok(users);
		if (path === '/kanal-aduan/reminders/reclaim') {
			const won: string[] = [];
			for (const c of (req.body as { claims: { key: string; attempts: number }[] }).claims) {
				const row = reminders.get(c.key);
				if (row && (row.status === 'claimed' || row.status === 'failed') && row.attempts === c.attempts) {
					Object.assign(row, { attempts: c.attempts + 1, status: 'claimed', claimed_at: (req.body as { now: string }).now });
					won.push(c.key);
				}
			}
			return ok({ won });
		}
		const [, , collection, key] = path.split('/');
		if (collection === 'reminders') {
			if (req.method === 'GET') {
				const ids = (JSON.parse(url.searchParams.get('filter')!) as { complaint: { _in: number[] } }).complaint._in;
				return ok([...reminders.values()].filter((r) => ids.includes(r.complaint as number)));
			}
			if (req.method === 'POST') {
				const row = req.body as Row;
				if (reminders.has(row.key as string)) return { statusCode: 400, headers: {}, body: { errors: [{ message: 'not unique', extensions: { code: 'RECORD_NOT_UNIQUE' } }] } };
				reminders.set(row.key as string, { ...row });
				return ok({ key: row.key });
			}
			if (req.method === 'PATCH' && key) {
				Object.assign(reminders.get(key)!, req.body as Row);
				return ok({ key });
			}
		}
		if (collection && collection in tables) return ok(tables[collection]);
		return { statusCode: 403, headers: {}, body: { errors: [{ message: `unexpected ${req.method} ${path}` }] } };
	};
	const client = new DirectusClient('http://directus.test', http as never, async () => {});
	return { client, reminders, calls };
}

const run = (client: DirectusClient) => {
	const { fns } = fakeExecute({
		params: { now: NOW, nowSignature: clockSignature(NOW, SECRET), policy: '', sendFrom: '', sendUntil: '', retryAfterMinutes: 15, maxAttempts: 5, adminUrl: '' },
		credentials: { kanalAduanApi: { directusUrl: 'http://directus.test', token: 't', eventsSecret: SECRET } },
	});
	return execute.call(fns as IExecuteFunctions, 0, client);
};
type Out = { json: { digest: { to: string; entries: { key: string }[] }; scan: { claimed: number; retried: number } } };

describe('sla.scan over Directus', () => {
	it("follows each category's policy, re-claims only stale unsent levels, and closes an overtaken stale claim as superseded", async () => {
		const d = fakeDirectus();
		const out = (await run(d.client)) as unknown as Out[];
		const sent = out.map((o) => [o.json.digest.to, o.json.digest.entries.map((e) => e.key)]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
		expect(sent).toEqual([
			['+6281100000001', ['1:verify:verifikator+0']], // JALAN follows SP4N; report 3's level belongs to the run sending it now
			['+6281100000005', ['2:verify:pimpinan+0']], // BENCANA follows KILAT: pimpinan at the deadline (retried, 3rd attempt)
		]);
		expect(out[0]!.json.scan).toMatchObject({ claimed: 2, retried: 1 });
		expect(d.reminders.get('2:verify:pimpinan+0')).toMatchObject({ status: 'claimed', attempts: 3, claimed_at: NOW });
		expect(d.reminders.get('1:verify:verifikator+0')).toMatchObject({ status: 'claimed', attempts: 1, claimed_at: NOW });
		expect(d.reminders.get('1:verify:verifikator-1')).toMatchObject({ status: 'superseded' });
		expect(d.reminders.get('3:verify:verifikator+0')).toMatchObject({ status: 'claimed', attempts: 1, claimed_at: ago(5) });
	});

	it('two runs at once send every level once', async () => {
		const d = fakeDirectus();
		const [a, b] = (await Promise.all([run(d.client), run(d.client)])) as unknown as Out[][];
		const keys = [...a!, ...b!].flatMap((o) => o.json.digest.entries.map((e) => e.key)).sort();
		expect(keys).toEqual(['1:verify:verifikator+0', '2:verify:pimpinan+0']);
	});
});
