// What intake.json does with a WhatsApp message (flows.test.ts keeps its nodes,
// parameters and credentials in step with ours, as for every flow).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface FlowNode {
	name: string;
	executeOnce?: boolean;
	onError?: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string }>;
	webhookId?: string;
}
const flow = JSON.parse(readFileSync(new URL('./intake.json', import.meta.url), 'utf8')) as {
	id: string;
	nodes: FlowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};

describe('intake.json', () => {
	it('has a fixed 16-character id like n8n generates', () => {
		expect(flow.id).toMatch(/^[A-Za-z0-9]{16}$/);
	});

	it('listens on /webhook/whatsapp (trigger has a webhookId so the full path applies)', () => {
		const trigger = flow.nodes.find((n) => n.type === 'CUSTOM.whatsAppCloudTrigger')!;
		expect(trigger.parameters.path).toBe('whatsapp');
		expect(trigger.webhookId).toBeTruthy();
	});

	it('hands every message to one intake call, sends every reply it returns, records them in one call, then marks the message read', () => {
		const next = (from: string) => flow.connections[from]!.main.map((out) => out.map((c) => c.node));
		const handle = flow.nodes.find((n) => n.parameters.resource === 'intake' && n.parameters.operation === 'handle')!;
		// The trigger puts messages on its first output and statuses/errors on its second: no If node evaluating an expression per item.
		const [[toIntake], [toStatusLog]] = next('Pesan WhatsApp masuk') as [[string], [string]];
		expect(toIntake).toBe(handle.name);
		// Delivery statuses and Meta's errors never reach the bot.
		expect(flow.nodes.find((n) => n.name === toStatusLog)).toMatchObject({ parameters: { resource: 'message', operation: 'log', source: 'event' } });
		const [send] = next(handle.name)[0]!;
		// A reply that fails (after the node's own retries) must not stop the ones sent from being recorded:
		// it stays claimed, and the redrive pass sends it once the claim runs out.
		// The send keeps the intake node's fields on its items (includeInputFields), so every parameter after it
		// names a field of its own item: read without n8n's expression engine (shared/item-parameter.ts).
		expect(flow.nodes.find((n) => n.name === send)).toMatchObject({
			type: 'CUSTOM.whatsAppCloud',
			onError: 'continueRegularOutput',
			parameters: { operation: 'sendPrepared', message: '={{ $json.reply }}', includeInputFields: true },
		});
		const [record] = next(send!)[0]!;
		const recordNode = flow.nodes.find((n) => n.name === record)!;
		// The reply's row and the report's attachments; one item per citizen's message whose replies went out
		// (a run may serve several webhooks), each marked read from the number its reply went from.
		expect(recordNode).toMatchObject({
			parameters: {
				resource: 'intake',
				operation: 'recordSent',
				wamid: '={{ $json.wamid }}',
				replyRowId: '={{ $json.replyRowId }}',
				media: '={{ $json.media ?? [] }}',
				inboundWamid: '={{ $json.inboundWamid }}',
				replyFrom: "={{ $json.phoneNumberId ?? '' }}",
			},
		});
		const [read] = next(record!)[0]!;
		const readNode = flow.nodes.find((n) => n.name === read)!;
		expect(readNode).toMatchObject({
			onError: 'continueRegularOutput',
			parameters: { operation: 'markAsRead', messageId: '={{ $json.inboundWamid }}', phoneNumberId: "={{ $json.phoneNumberId ?? '' }}" },
		});
		// Nothing on the main path goes back to another node's item per item.
		for (const name of [send!, record!, read!]) expect(JSON.stringify(flow.nodes.find((n) => n.name === name)!.parameters)).not.toContain("$('");
		expect(readNode).not.toHaveProperty('executeOnce');
	});

	it('every 20 seconds takes over what lost executions left: the redrive pass, then the same send and record as the main path', () => {
		const next = (from: string) => flow.connections[from]!.main.map((out) => out.map((c) => c.node));
		const schedule = flow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		expect(schedule.parameters).toEqual({ rule: { interval: [{ field: 'seconds', secondsInterval: 20 }] } });
		const [[redrive]] = next(schedule.name) as [[string]];
		const redriveNode = flow.nodes.find((n) => n.name === redrive)!;
		expect(redriveNode).toMatchObject({ type: 'CUSTOM.kanalAduan', parameters: { resource: 'intake', operation: 'redrive' } });
		// Replies to Telegram citizens (tg:…) go out through the Telegram node, the rest through WhatsApp; both are recorded alike.
		const [[toTelegram]] = next(redrive!) as [[string]];
		expect(flow.nodes.find((n) => n.name === toTelegram)).toMatchObject({ type: 'n8n-nodes-base.if' });
		expect(JSON.stringify(flow.nodes.find((n) => n.name === toTelegram)!.parameters)).toContain('$json.channel');
		const [[telegram], [toMessenger]] = next(toTelegram!) as [[string], [string]];
		expect(flow.nodes.find((n) => n.name === telegram)).toMatchObject({ type: 'CUSTOM.telegramBot', onError: 'continueRegularOutput', parameters: { operation: 'sendPrepared', message: '={{ $json.reply }}' } });
		// …and to Messenger / Instagram citizens (fb:…, ig:…) through the Messenger node.
		expect(JSON.stringify(flow.nodes.find((n) => n.name === toMessenger)!.parameters)).toContain("['messenger', 'instagram'].includes($json.channel)");
		const [[messenger], [send]] = next(toMessenger!) as [[string], [string]];
		expect(flow.nodes.find((n) => n.name === messenger)).toMatchObject({ type: 'CUSTOM.messengerSend', onError: 'continueRegularOutput', parameters: { operation: 'sendPrepared', message: '={{ $json.reply }}' } });
		expect(next(messenger!)).toEqual(next(telegram!));
		expect(flow.nodes.find((n) => n.name === send)).toMatchObject({ type: 'CUSTOM.whatsAppCloud', onError: 'continueRegularOutput', parameters: { operation: 'sendPrepared', message: '={{ $json.reply }}' } });
		const [[record]] = next(send!) as [[string]];
		expect(next(telegram!)).toEqual([[record]]);
		const recordNode = flow.nodes.find((n) => n.name === record)!;
		expect(recordNode).toMatchObject({ parameters: { resource: 'intake', operation: 'recordSent', wamid: '={{ $json.wamid }}' } });
		expect(recordNode.parameters.replyRowId).toContain(`$('${redrive}').item.json.replyRowId`);
		expect(recordNode.parameters.media).toContain(`$('${redrive}').item.json.media`);
	});

	it('explains the needs_info answer in an Indonesian sticky note', () => {
		const notes = flow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		const note = notes.find((c) => c.startsWith('## Jawaban atas pertanyaan verifikator'));
		expect(note).toMatch(/Tunda/);
		expect(note).toMatch(/laporan kembali ke status \*Diterima\*/);
		expect(note).toMatch(/Tidak ada laporan baru/);
	});

	it('names in its sticky notes only nodes that exist', () => {
		const names = new Set(flow.nodes.map((n) => n.name));
		for (const note of flow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote')) {
			for (const [, named] of String(note.parameters.content).matchAll(/\*\*([^*]+)\*\*/g)) {
				if (/^[A-Z][a-z]+ [a-z]/.test(named!) && !/^Semua teks/.test(named!)) expect(names.has(named!), `${note.name}: ${named}`).toBe(true);
			}
		}
	});

	it('connects only nodes that exist, and every non-trigger working node is reachable', () => {
		const names = new Set(flow.nodes.map((n) => n.name));
		const reached = new Set<string>();
		for (const [from, { main }] of Object.entries(flow.connections)) {
			expect(names.has(from), from).toBe(true);
			for (const out of main) for (const c of out) (expect(names.has(c.node), c.node).toBe(true), reached.add(c.node));
		}
		const triggers = new Set(['CUSTOM.whatsAppCloudTrigger', 'n8n-nodes-base.scheduleTrigger']);
		const working = flow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote' && !triggers.has(n.type));
		for (const n of working) expect(reached.has(n.name), n.name).toBe(true);
	});
});
