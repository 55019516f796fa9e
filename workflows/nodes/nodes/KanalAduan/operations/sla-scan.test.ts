// sla.scan as n8n runs it, over an in-memory Directus that applies the node's
// filters: each report's steps come from its category's policy, a stale unsent
// claim is re-claimed through the bundle's compare-and-set endpoint, a young one
// is left to the run that holds it, two runs at once still send every level once,
// and the reminder marks written with the claims keep told reports out of the next read.
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeExecute } from '../../../__tests__/helpers.ts';
import { ROLE_IDS } from '../../../shared/roles.ts';
import { DirectusClient } from '../directus-client.ts';
import { clockSignature } from '../sla/scan-context.ts';
import { execute } from './sla-scan.ts';

type Row = Record<string, unknown>;
type Filter = Record<string, unknown>;

/** The filter operators the scan uses, as Directus applies them (a null never matches _lt, _lte or _nin). */
function matches(row: Row, filter: Filter, related: (field: string, row: Row) => Row | undefined): boolean {
	return Object.entries(filter).every(([k, v]) => {
		if (k === '_and') return (v as Filter[]).every((f) => matches(row, f, related));
		if (k === '_or') return (v as Filter[]).some((f) => matches(row, f, related));
		const ops = v as Filter;
		if (!Object.keys(ops).some((o) => o.startsWith('_'))) {
			const other = related(k, row);
			return !!other && matches(other, ops, related);
		}
		const x = row[k] as string | number | null | undefined;
		return Object.entries(ops).every(([op, want]) => {
			if (op === '_null') return (x == null) === want;
			if (x == null) return false;
			if (op === '_eq') return x === want;
			if (op === '_in') return (want as unknown[]).includes(x);
			if (op === '_nin') return !(want as unknown[]).includes(x);
			if (op === '_lt') return (x as number) < (want as number);
			if (op === '_lte') return x <= (want as string);
			throw new Error(`operator ${op} not in the fake`);
		});
	});
}
const SECRET = 'events-secret';
const NOW = '2026-11-26T02:00:00.000Z'; // Thursday 09:00 WIB
const ago = (min: number) => new Date(Date.parse(NOW) - min * 60_000).toISOString();
const VERIFY_DUE = '2026-11-25T16:59:59.999Z'; // end of Wednesday WIB: passed

function fakeDirectus(extra = 0) {
	const reminders = new Map<string, Row>([
		// Report 1 (JALAN, SP4N): the pre-deadline level was claimed an hour ago by a run that died.
		['1:verify:verifikator-1', { key: '1:verify:verifikator-1', complaint: 1, status: 'claimed', attempts: 1, claimed_at: ago(60) }],
		// Report 2 (BENCANA, KILAT policy): the pimpinan digest failed twice, the last time 20 minutes ago.
		['2:verify:pimpinan+0', { key: '2:verify:pimpinan+0', complaint: 2, status: 'failed', attempts: 2, claimed_at: ago(20) }],
		// Report 3 (JALAN): delivered before; its overdue level is being sent right now by another run.
		['3:verify:verifikator-1', { key: '3:verify:verifikator-1', complaint: 3, status: 'sent', attempts: 1, claimed_at: ago(1500) }],
		['3:verify:verifikator+0', { key: '3:verify:verifikator+0', complaint: 3, status: 'claimed', attempts: 1, claimed_at: ago(5) }],
	]);
	const complaints: Row[] = Array.from({ length: 3 + extra }, (_, i) => i + 1).map((id) => ({
		id, ticket: `ADU-2611-0000${id}`, status: 'received', category: id === 2 ? 'BENCANA' : 'JALAN', assigned_agency: null,
		verify_due: VERIFY_DUE, respond_due: null, resolve_due: null, first_response_at: null, overdue: true, days_late: 1, overdue_stage: 'verify',
	}));
	const related = (field: string, row: Row) => (field === 'complaint' ? complaints.find((c) => c.id === row.complaint) : undefined);
	const filtered = (rows: Row[], url: URL) => {
		const f = url.searchParams.get('filter');
		return f ? rows.filter((r) => matches(r, JSON.parse(f) as Filter, related)) : rows;
	};
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
			{ id: 'v.id', key: 'reminder.verifikator_digest', locale: 'id', body: '{{count}}:\n{{#each items}}{{ticket}} batas {{due}};\n{{/each}}', wa_template_name: null, wa_template_language: null, description: null },
			{ id: 'p.id', key: 'reminder.pimpinan_digest', locale: 'id', body: '{{#each items}}{{ticket}};{{/each}}', wa_template_name: null, wa_template_language: null, description: null },
		],
		complaints,
		// Nobody wrote to the number: outside the 24-hour window (the approved template, when the digest has one).
		wa_messages: [],
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
		if (path === '/kanal-aduan/reminders/claim') {
			const { now, batches } = req.body as { now: string; batches: { complaint: number; rows: Row[]; marks: Record<string, number> }[] };
			const won: string[] = [];
			for (const b of batches) {
				for (const row of b.rows) {
					if (reminders.has(row.key as string)) continue;
					reminders.set(row.key as string, { ...row, complaint: b.complaint, attempts: 1, claimed_at: now });
					if (row.status === 'claimed') won.push(row.key as string);
				}
				const c = complaints.find((x) => x.id === b.complaint)!;
				for (const [stage, mark] of Object.entries(b.marks)) {
					const f = `reminder_mark_${stage}`;
					if (c[f] == null || (c[f] as number) < mark) c[f] = mark;
				}
			}
			return ok({ won });
		}
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
			if (req.method === 'GET') return ok(filtered([...reminders.values()], url));
			if (req.method === 'PATCH' && key) {
				Object.assign(reminders.get(key)!, req.body as Row);
				return ok({ key });
			}
		}
		if (collection === 'complaints') return ok(filtered(complaints, url));
		if (collection && collection in tables) return ok(tables[collection]);
		return { statusCode: 403, headers: {}, body: { errors: [{ message: `unexpected ${req.method} ${path}` }] } };
	};
	const client = new DirectusClient('http://directus.test', http as never, async () => {});
	return { client, reminders, calls, complaints, tables };
}

const run = (client: DirectusClient) => {
	const { fns } = fakeExecute({
		params: { now: NOW, nowSignature: clockSignature(NOW, SECRET), policy: '', sendFrom: '', sendUntil: '', retryAfterMinutes: 15, maxAttempts: 5, adminUrl: '' },
		credentials: { kanalAduanApi: { directusUrl: 'http://directus.test', token: 't', eventsSecret: SECRET } },
	});
	return execute.call(fns as IExecuteFunctions, 0, client);
};
type Out = { json: { digest: { to: string; entries: { key: string }[] }; scan: { claimed: number; retried: number; candidates: number } } };

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

	it('the marks written with the claims keep told reports out of the next read; a stale claim still brings its report back', async () => {
		const d = fakeDirectus();
		await run(d.client);
		expect(d.complaints.map((c) => [c.id, c.reminder_mark_verify ?? null])).toEqual([[1, 0], [2, 0], [3, 0]]);
		for (const r of d.reminders.values()) if (r.status === 'claimed') r.status = 'sent'; // sla.record after delivery
		const next = (await run(d.client)) as unknown as Out[];
		expect(next).toEqual([]);
		// One failed delivery: its report is read again from the reminder row, although its mark says done.
		Object.assign(d.reminders.get('1:verify:verifikator+0')!, { status: 'failed', claimed_at: ago(30) });
		const retry = (await run(d.client)) as unknown as Out[];
		expect(retry.map((o) => o.json.digest.entries.map((e) => e.key))).toEqual([['1:verify:verifikator+0']]);
		expect(retry[0]!.json.scan).toMatchObject({ candidates: 1, retried: 1 });
	});

	it('a digest too long for one WhatsApp message goes out as several, each with the levels it lists', async () => {
		const d = fakeDirectus(400);
		const out = (await run(d.client)) as unknown as (Out & { json: { digest: { text: string; part: number; parts: number } } })[];
		const rina = out.filter((o) => o.json.digest.to === '+6281100000001');
		expect(rina.length).toBeGreaterThan(1);
		for (const [i, o] of rina.entries()) {
			expect(o.json.digest).toMatchObject({ part: i + 1, parts: rina.length });
			expect(o.json.digest.text.length).toBeLessThanOrEqual(4096);
			expect(o.json.digest.text.startsWith(`(${i + 1}/${rina.length}) `)).toBe(true);
			expect(o.json.digest.text.match(/ADU-\d{4}-\d+/g)).toEqual(o.json.digest.entries.map((e) => d.complaints.find((c) => e.key.startsWith(`${c.id}:`))!.ticket));
		}
		const keys = rina.flatMap((o) => o.json.digest.entries.map((e) => e.key));
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys).toHaveLength(401); // report 1's overdue level and the 400 new reports' (report 3's is another run's)
	});

	it('someone outside the 24-hour window gets one approved template for the whole digest, never parts', async () => {
		const d = fakeDirectus(400);
		const templates = d.tables['message_templates'] as Row[];
		Object.assign(templates.find((t) => t.key === 'reminder.verifikator_digest')!, { wa_template_name: 'kanal_aduan_pengingat' });
		const out = (await run(d.client)) as unknown as (Out & { json: { digest: { parts: number; wa_template_name: string } } })[];
		const rina = out.filter((o) => o.json.digest.to === '+6281100000001');
		expect(rina).toHaveLength(1);
		expect(rina[0]!.json.digest).toMatchObject({ parts: 1, wa_template_name: 'kanal_aduan_pengingat' });
		expect(rina[0]!.json.digest.entries).toHaveLength(401);
	});
});
