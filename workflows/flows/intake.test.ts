// Guards the hand-maintained workflow JSON against drifting from the nodes:
// a renamed parameter or credential would otherwise only show up in n8n.
import { readFileSync } from 'node:fs';
import type { INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { KanalAduan } from '../nodes/nodes/KanalAduan/KanalAduan.node.ts';
import { WhatsAppCloud } from '../nodes/nodes/WhatsAppCloud/WhatsAppCloud.node.ts';
import { WhatsAppCloudTrigger } from '../nodes/nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node.ts';

interface FlowNode {
	name: string;
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
const ours: Record<string, INodeType> = Object.fromEntries(
	[new WhatsAppCloudTrigger(), new WhatsAppCloud(), new KanalAduan()].map((n) => [`CUSTOM.${n.description.name}`, n]),
);

describe('intake.json', () => {
	it('has a fixed 16-character id like n8n generates', () => {
		expect(flow.id).toMatch(/^[A-Za-z0-9]{16}$/);
	});

	it('uses only our node types or n8n built-ins, with parameters our nodes know', () => {
		for (const node of flow.nodes) {
			if (node.type.startsWith('n8n-nodes-base.')) continue;
			const type = ours[node.type];
			expect(type, node.type).toBeDefined();
			const known = new Set(type!.description.properties.map((p) => p.name));
			for (const param of Object.keys(node.parameters)) expect(known.has(param), `${node.name}.${param}`).toBe(true);
		}
	});

	it('references the bootstrap credential ids by the credential type each node declares', () => {
		const ids: Record<string, string> = { whatsAppCloudApi: 'kaWhatsAppCred01', kanalAduanApi: 'kaDirectusCred01' };
		for (const node of flow.nodes.filter((n) => ours[n.type])) {
			// A credential shown only for some parameters (displayOptions.show) is declared for nodes that match.
			const declared = ours[node.type]!.description.credentials!
				.filter((c) => Object.entries(c.displayOptions?.show ?? {}).every(([k, vals]) => (vals as unknown[]).includes(node.parameters[k])))
				.map((c) => c.name);
			expect(Object.keys(node.credentials ?? {}).sort(), node.name).toEqual(declared.sort());
			for (const [type, ref] of Object.entries(node.credentials ?? {})) expect(ref.id).toBe(ids[type]);
		}
	});

	it('listens on /webhook/whatsapp (trigger has a webhookId so the full path applies)', () => {
		const trigger = flow.nodes.find((n) => n.type === 'CUSTOM.whatsAppCloudTrigger')!;
		expect(trigger.parameters.path).toBe('whatsapp');
		expect(trigger.webhookId).toBeTruthy();
	});

	it('runs the conversation step on new messages and sends every reply it makes, then logs it', () => {
		const next = (from: string) => flow.connections[from]!.main.map((out) => out.map((c) => c.node));
		const step = flow.nodes.find((n) => n.parameters.resource === 'conversation' && n.parameters.operation === 'step')!;
		// New messages that are not a satisfaction answer reach the conversation step.
		expect(next('Pesan baru dari warga?')[0]).toContain('Jawaban penilaian?');
		expect(next('Jawaban penilaian?')[0]).toEqual(['Penilaian tercatat?']);
		expect(next('Penilaian tercatat?')[1]).toEqual(['Jawaban untuk verifikator?']);
		expect(next('Keterangan terlampir?')[1]).toEqual([step.name]);
		const [send] = next(step.name)[0]!;
		expect(flow.nodes.find((n) => n.name === send)).toMatchObject({ type: 'CUSTOM.whatsAppCloud', parameters: { operation: 'sendPrepared', message: '={{ $json.reply }}' } });
		const [log] = next(send!)[0]!;
		expect(flow.nodes.find((n) => n.name === log)).toMatchObject({ parameters: { operation: 'log', source: 'fields', direction: 'out' } });
	});

	it('attaches a citizen’s answer to a needs_info question before the conversation step, thanks them and logs it, without a new report', () => {
		const next = (from: string) => flow.connections[from]!.main.map((out) => out.map((c) => c.node));
		const answer = flow.nodes.find((n) => n.name === 'Jawaban untuk verifikator?')!;
		expect(answer).toMatchObject({ type: 'CUSTOM.kanalAduan', parameters: { resource: 'complaint', operation: 'infoAnswer', waId: '={{ $json.sender ?? $json.message.from }}', message: '={{ $json.message }}' } });
		// Only what is not a satisfaction answer is checked, and only what is not an answer reaches the bot conversation.
		expect(next('Penilaian tercatat?')).toEqual([['Ada ucapan terima kasih?'], [answer.name]]);
		expect(next(answer.name)).toEqual([['Keterangan terlampir?']]);
		const gate = flow.nodes.find((n) => n.name === 'Keterangan terlampir?')!;
		expect(JSON.stringify(gate.parameters)).toContain('$json.infoAnswer?.handled');
		const [[thanks], [conversation]] = next(gate.name) as [[string], [string]];
		expect(flow.nodes.find((n) => n.name === conversation)).toMatchObject({ parameters: { resource: 'conversation', operation: 'step' } });
		expect(flow.nodes.find((n) => n.name === thanks)).toMatchObject({
			type: 'CUSTOM.whatsAppCloud',
			parameters: { operation: 'sendText', to: '={{ $json.infoAnswer.reply.to }}', text: '={{ $json.infoAnswer.reply.text }}' },
		});
		const [log] = next(thanks)[0]!;
		expect(flow.nodes.find((n) => n.name === log)).toMatchObject({ parameters: { operation: 'log', direction: 'out', complaintId: expect.stringContaining('infoAnswer.complaintId') } });
		// The thank-you path never reaches the conversation step (no new report from an answer).
		const reachable = new Set<string>();
		const walk = (n: string) => { if (reachable.has(n)) return; reachable.add(n); for (const out of flow.connections[n]?.main ?? []) for (const c of out) walk(c.node); };
		walk(thanks);
		expect(reachable.has(conversation)).toBe(false);
	});

	it('explains the needs_info branch in an Indonesian sticky note', () => {
		const notes = flow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		const note = notes.find((c) => c.startsWith('## Jawaban atas pertanyaan verifikator'));
		expect(note).toMatch(/Tunda/);
		expect(note).toMatch(/laporan kembali ke status \*Diterima\*/);
		expect(note).toMatch(/Tidak ada laporan baru/);
	});

	it('connects only nodes that exist, and every non-trigger working node is reachable', () => {
		const names = new Set(flow.nodes.map((n) => n.name));
		const reached = new Set<string>();
		for (const [from, { main }] of Object.entries(flow.connections)) {
			expect(names.has(from), from).toBe(true);
			for (const out of main) for (const c of out) (expect(names.has(c.node), c.node).toBe(true), reached.add(c.node));
		}
		const working = flow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote' && n.type !== 'CUSTOM.whatsAppCloudTrigger');
		for (const n of working) expect(reached.has(n.name), n.name).toBe(true);
	});
});
