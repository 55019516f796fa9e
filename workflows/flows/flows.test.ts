// What every shipped flow must hold whatever it does: n8n keys a node by its
// id in the canvas and by its name in connections, so a copy-pasted node that
// keeps its twin's id or name silently breaks editing or wiring; and the
// hand-maintained JSON must not drift from our nodes (a renamed parameter,
// operation or credential would otherwise only show up in n8n).
import { readdirSync, readFileSync } from 'node:fs';
import type { INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_CREDENTIAL_ID, MESSENGER_CREDENTIAL_ID, TELEGRAM_CREDENTIAL_ID, WHATSAPP_CREDENTIAL_ID } from '../../docker/n8n-entrypoint.mjs';
import { KanalAduan } from '../nodes/nodes/KanalAduan/KanalAduan.node.ts';
import { KanalAduanEventsTrigger } from '../nodes/nodes/KanalAduanEventsTrigger/KanalAduanEventsTrigger.node.ts';
import { WhatsAppCloud } from '../nodes/nodes/WhatsAppCloud/WhatsAppCloud.node.ts';
import { WhatsAppCloudTrigger } from '../nodes/nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node.ts';
import { Telegram } from '../nodes/nodes/Telegram/Telegram.node.ts';
import { TelegramTrigger } from '../nodes/nodes/TelegramTrigger/TelegramTrigger.node.ts';
import { Messenger } from '../nodes/nodes/Messenger/Messenger.node.ts';
import { MessengerTrigger } from '../nodes/nodes/MessengerTrigger/MessengerTrigger.node.ts';

const dir = new URL('./', import.meta.url);
const flows = readdirSync(dir).filter((f) => f.endsWith('.json'));

type FlowNode = { id: string; name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string }> };

// Our node types as a flow names them: n8n loads them through N8N_CUSTOM_EXTENSIONS as CUSTOM.<name>.
const ours: Record<string, INodeType> = Object.fromEntries(
	[new WhatsAppCloudTrigger(), new WhatsAppCloud(), new KanalAduan(), new KanalAduanEventsTrigger(), new TelegramTrigger(), new Telegram(), new MessengerTrigger(), new Messenger()].map((n) => [`CUSTOM.${n.description.name}`, n]),
);
// The ids the bootstrap imports our credentials under, by credential type.
const credentialIds: Record<string, string> = { whatsAppCloudApi: WHATSAPP_CREDENTIAL_ID, kanalAduanApi: DIRECTUS_CREDENTIAL_ID, telegramBotApi: TELEGRAM_CREDENTIAL_ID, metaMessengerApi: MESSENGER_CREDENTIAL_ID };

describe.each(flows)('%s', (file) => {
	const flow = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { nodes: FlowNode[] };
	const twins = (key: 'id' | 'name') => {
		const seen = new Map<string, string[]>();
		for (const n of flow.nodes) seen.set(n[key], [...(seen.get(n[key]) ?? []), n.name]);
		return [...seen].filter(([, names]) => names.length > 1);
	};

	it('gives every node its own id and its own name', () => {
		expect(flow.nodes.length).toBeGreaterThan(0);
		expect(twins('id')).toEqual([]);
		expect(twins('name')).toEqual([]);
	});

	it('uses only our nodes or n8n built-ins, with parameters and operations our nodes know and the bootstrap credentials', () => {
		for (const node of flow.nodes) {
			if (node.type.startsWith('n8n-nodes-base.')) continue;
			const type = ours[node.type];
			expect(type, `${node.name}: ${node.type}`).toBeDefined();
			const props = type!.description.properties;
			const known = new Set(props.map((p) => p.name));
			for (const param of Object.keys(node.parameters)) expect(known.has(param), `${node.name}.${param}`).toBe(true);
			if (node.parameters.operation) {
				const values = props.filter((p) => p.name === 'operation').flatMap((p) => (p.options ?? []).map((o) => (o as { value: string }).value));
				expect(values, node.name).toContain(node.parameters.operation);
			}
			for (const [credType, ref] of Object.entries(node.credentials ?? {})) expect(ref.id, `${node.name}: ${credType}`).toBe(credentialIds[credType]);
		}
	});

	it('gives each of our nodes exactly the credentials its type declares for its parameters', () => {
		for (const node of flow.nodes.filter((n) => ours[n.type])) {
			// A credential shown only for some parameters (displayOptions.show) is declared for nodes that match.
			const declared = (ours[node.type]!.description.credentials ?? [])
				.filter((c) => Object.entries(c.displayOptions?.show ?? {}).every(([k, vals]) => (vals as unknown[]).includes(node.parameters[k])))
				.map((c) => c.name);
			expect(Object.keys(node.credentials ?? {}).sort(), node.name).toEqual(declared.sort());
		}
	});
});
