// What routing.json does with an event (flows.test.ts keeps its nodes, parameters,
// operations and credentials in step with ours, as for every flow).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface FlowNode { name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string }>; webhookId?: string }
const flow = JSON.parse(readFileSync(new URL('./routing.json', import.meta.url), 'utf8')) as {
	id: string;
	nodes: FlowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const next = (from: string, output = 0) => (flow.connections[from]?.main[output] ?? []).map((c) => c.node);

describe('routing.json', () => {
	it('has a fixed 16-character id and listens on /webhook/kanal-aduan-events', () => {
		expect(flow.id).toBe('kaRouting0000001');
		const trigger = flow.nodes.find((n) => n.type === 'CUSTOM.kanalAduanEventsTrigger')!;
		expect(trigger.parameters.path).toBe('kanal-aduan-events');
		expect(trigger.webhookId).toBeTruthy();
	});

	it('sends officers the approved template when they have not written in 24 h, text otherwise, and logs each message', () => {
		const send = flow.nodes.find((n) => n.name === 'Kirim pesan petugas')!;
		expect(send.parameters).toMatchObject({
			operation: 'sendText',
			text: '={{ $json.text }}',
			fallbackTemplateName: '={{ $json.templateName }}',
			fallbackTemplateParameters: '={{ JSON.stringify($json.templateParameters) }}',
			sendTemplateInstead: "={{ $json.mode === 'template' }}",
		});
		expect(next('Kirim pesan petugas')).toEqual(['Catat pesan petugas']);
		expect(flow.nodes.find((n) => n.name === 'Catat pesan petugas')!.parameters).toMatchObject({ operation: 'log', direction: 'out', wamid: '={{ $json.wamid }}' });
	});

	it('sends the citizen the approved template instead of text when they have not written in 24 h', () => {
		for (const name of ['Kirim pesan warga', 'Kirim daftar kepuasan']) {
			expect(flow.nodes.find((n) => n.name === name)!.parameters, name).toMatchObject({
				fallbackTemplateName: '={{ $json.notice.templateName }}',
				sendTemplateInstead: "={{ $json.notice.mode === 'template' }}",
			});
		}
	});

	it('routes verified reports, tells the citizen, and messages the officers one by one', () => {
		expect(next('Peristiwa laporan').sort()).toEqual(['Baru diverifikasi?', 'Siapkan pesan petugas', 'Siapkan pesan warga']);
		expect(next('Baru diverifikasi?')).toEqual(['Sarankan instansi']);
		expect(next('Pertanyaan kepuasan?', 0)).toEqual(['Kirim daftar kepuasan']);
		expect(next('Pertanyaan kepuasan?', 1)).toEqual(['Kirim pesan warga']);
		expect(next('Satu pesan per petugas')).toEqual(['Kirim pesan petugas']);
		for (const n of flow.nodes) for (const out of flow.connections[n.name]?.main ?? []) for (const c of out) {
			expect(flow.nodes.some((m) => m.name === c.node), `${n.name} -> ${c.node}`).toBe(true);
		}
	});

	it("sends a follow-up's photos only after its text was sent and logged, with the credentials of every channel", () => {
		expect(next('Catat pesan warga')).toEqual(['Tindak lanjut berfoto?']);
		expect(next('Tindak lanjut berfoto?', 0)).toEqual(['Kirim foto tindak lanjut']);
		expect(next('Tindak lanjut berfoto?', 1)).toEqual([]);
		const photos = flow.nodes.find((n) => n.name === 'Kirim foto tindak lanjut')!;
		expect(photos.parameters).toMatchObject({ resource: 'notice', operation: 'photos', event: "={{ $('Peristiwa laporan').item.json }}", textWentAsTemplate: '={{ $json.fallback === true }}' });
		expect(Object.keys(photos.credentials ?? {}).sort()).toEqual(['kanalAduanApi', 'metaMessengerApi', 'telegramBotApi', 'whatsAppCloudApi']);
		// The same Meta Messenger credential as the Messenger/Instagram text: the page tokens the citizen wrote to.
		const messengerText = flow.nodes.find((n) => n.name === 'Kirim pesan warga (Messenger/Instagram)')!;
		expect(photos.credentials?.['metaMessengerApi']).toEqual(messengerText.credentials?.['metaMessengerApi']);
		// Photos go from the account the citizen wrote to (a desk's number, bot, page or Instagram account),
		// and on Messenger/Instagram under the window of the same last message the text went with.
		expect(photos.parameters).toMatchObject({
			to: '={{ $json.to }}',
			sendFrom: "={{ $('Siapkan pesan warga').item.json.notice.phoneNumberId ?? '' }}",
			lastInboundAt: "={{ $('Siapkan pesan warga').item.json.notice.lastInboundAt ?? '' }}",
		});
		expect(messengerText.parameters).toMatchObject({ lastInboundAt: "={{ $json.notice.lastInboundAt ?? '' }}" });
		const gate = flow.nodes.find((n) => n.name === 'Tindak lanjut berfoto?')!;
		const conditions = (gate.parameters as { conditions: { conditions: Array<{ leftValue: string }> } }).conditions.conditions;
		expect(conditions.map((c) => c.leftValue)).toContain(
			"={{ ['whatsapp', 'telegram', 'messenger', 'instagram'].includes($('Siapkan pesan warga').item.json.notice.channel ?? 'whatsapp') }}",
		);
		const ids = flow.nodes.map((n) => (n as FlowNode & { id: string }).id);
		for (const id of ['020', '023', '024']) expect(ids.filter((x) => x === `6b1f2a10-4007-4000-8000-000000000${id}`), id).toHaveLength(1);
	});
});
