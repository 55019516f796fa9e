// Keeps reminders.json to the pipeline the issue asks for (flows.test.ts keeps
// its nodes, parameters and credentials in step with ours, as for every flow).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface FlowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string }>;
}
const flow = JSON.parse(readFileSync(new URL('./reminders.json', import.meta.url), 'utf8')) as {
	id: string;
	nodes: FlowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const next = (from: string) => flow.connections[from]!.main[0]!.map((c) => c.node);
const byName = (name: string) => flow.nodes.find((n) => n.name === name)!;

describe('reminders.json', () => {
	it('has its fixed id', () => expect(flow.id).toBe('kaReminders00001'));

	it('schedule -> maintain -> scan -> send -> record, and the send never stops the run', () => {
		const schedule = flow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		const [maintain] = next(schedule.name);
		expect(byName(maintain!).parameters).toMatchObject({ resource: 'sla', operation: 'maintain' });
		const [scan] = next(maintain!);
		expect(byName(scan!).parameters).toMatchObject({ resource: 'sla', operation: 'scan' });
		// Text inside the recipient's 24 h window, the approved template outside it (core's rule via notice.window).
		const [window] = next(scan!);
		expect(byName(window!)).toMatchObject({ parameters: { resource: 'notice', operation: 'window', waId: '={{ $json.digest.to }}' }, onError: 'continueRegularOutput' });
		const [send] = next(window!);
		expect(byName(send!)).toMatchObject({ type: 'CUSTOM.whatsAppCloud', parameters: { operation: 'sendText', to: '={{ $json.digest.to }}', sendTemplateInstead: "={{ $json.window.mode === 'template' }}" }, onError: 'continueRegularOutput' });
		const [record] = next(send!);
		expect(byName(record!).parameters).toMatchObject({ resource: 'sla', operation: 'record' });
		// The record step reads the digest back from the scan node by its name.
		expect(String(byName(record!).parameters.digest)).toContain(`$('${scan}')`);
	});

	it("sends Temu Bupati's notices from the account the citizen last wrote to, and judges the 24-hour window for it", () => {
		const claim = flow.nodes.find((n) => n.parameters.resource === 'appointment' && n.parameters.operation === 'remind')!;
		const [window] = next(claim.name);
		expect(byName(window!).parameters).toMatchObject({ resource: 'notice', operation: 'window', waId: '={{ $json.reminder.to }}', sendFrom: "={{ $json.reminder.from ?? '' }}" });
		// Every send node the reminders reach, on every channel, carries the account: none is left to the credential's main one.
		const reached = new Set<string>();
		const walk = (name: string) => {
			if (reached.has(name)) return;
			reached.add(name);
			for (const branch of flow.connections[name]?.main ?? []) for (const c of branch) walk(c.node);
		};
		walk(claim.name);
		const sends = flow.nodes.filter((n) => reached.has(n.name) && ['CUSTOM.whatsAppCloud', 'CUSTOM.telegramBot', 'CUSTOM.messengerSend'].includes(n.type));
		expect(sends.map((n) => n.type).sort()).toEqual(['CUSTOM.messengerSend', 'CUSTOM.telegramBot', 'CUSTOM.whatsAppCloud']);
		const fromOf = (n: FlowNode) => String(n.type === 'CUSTOM.whatsAppCloud' ? n.parameters.phoneNumberId : n.parameters.sendFrom);
		for (const send of sends) expect(fromOf(send), send.name).toMatch(/reminder\.from/);
		expect(byName('Kirim pengingat Temu Bupati (Telegram)').parameters.sendFrom).toBe("={{ $('Pengingat Temu Bupati').item.json.reminder.from ?? '' }}");
	});

	it('the manual scan webhook answers only with the header key (n8n header auth refuses before anything runs)', () => {
		const hook = flow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
		expect(hook.parameters).toMatchObject({ path: 'sla-scan', authentication: 'headerAuth' });
		expect(hook.credentials).toEqual({ httpHeaderAuth: expect.objectContaining({ id: 'kaSlaScanAuth01' }) });
		const note = flow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content)).join('\n');
		expect(note).toMatch(/sla-scan[\s\S]*Authorization[\s\S]*403/);
	});

	it('explains itself in Indonesian sticky notes', () => {
		const notes = flow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.length).toBeGreaterThanOrEqual(3);
		expect(notes.join('\n')).toMatch(/Jam tenang[\s\S]*hari libur/);
		expect(notes.join('\n')).toMatch(/dua kali bersamaan/);
	});
});
