import { Workflow, type INodeExecutionData, type INodeTypes } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { fakeExecute } from '../__tests__/helpers.ts';
import { itemParameter, readFieldReference } from './item-parameter.ts';

// n8n itself is the oracle: a field reference read from the item must give
// what n8n's own evaluation gives for the same expression and item.
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [], inputs: ['main'], outputs: ['main'] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const workflow = new Workflow({
	nodes: [{ id: '1', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	active: false,
	nodeTypes,
});
const n8n = (expression: string, json: object) =>
	workflow.expression.getParameterValue(expression, null, 0, 0, 'N', [{ json }] as INodeExecutionData[], 'manual', {});

const item = {
	reply: { type: 'text', text: { body: 'Halo' } },
	replyRowId: 'a1b2',
	media: [{ id: 7, wa_media_id: 'm1' }],
	phoneNumberId: null,
	nested: { deeper: { value: 0 } },
	empty: '',
};

describe('readFieldReference', () => {
	it.each([
		'={{ $json.reply }}',
		'={{$json.replyRowId}}',
		'={{ $json.media ?? [] }}',
		'={{ $json.missing ?? [] }}',
		"={{ $json.phoneNumberId ?? '' }}",
		'={{ $json.phoneNumberId ?? null }}',
		'={{ $json.missing }}',
		'={{ $json.nested.deeper.value }}',
		'={{ $json.nested.deeper.value ?? 0 }}',
		'={{ $json.missing?.deeper }}',
		'={{ $json?.nested?.deeper }}',
		'={{ $json.empty ?? "" }}',
		'={{ $json.missing ?? "" }}',
		'={{ $json.media.length }}',
	])('%s reads what n8n evaluates', (expression) => {
		const found = readFieldReference(expression, item);
		expect(found.resolved).toBe(true);
		expect(found.resolved && found.value).toEqual(n8n(expression, item));
	});

	it.each([
		'={{ $json.reply.text.body.length }}', // a string's member
		'={{ $json.toString }}', // a prototype's member: n8n refuses it
		'={{ $json.missing.deeper }}', // plain access on nothing
		"={{ $('Proses pesan warga').item.json.replyRowId }}",
		'={{ $json.replyRowId + 1 }}',
		'={{ $json["replyRowId"] }}',
		'={{ $json.media ?? $json.reply }}',
		'={{ $json.missing ?? "x" }}',
		'={{ $json.a }} {{ $json.b }}',
		'$json.reply',
		'reply',
	])('%s is left to n8n', (expression) => {
		expect(readFieldReference(expression, item)).toEqual({ resolved: false });
	});
});

describe('itemParameter', () => {
	it('reads a field reference from the item without asking n8n', () => {
		const { fns } = fakeExecute({
			items: [{ reply: 'satu' }, { reply: 'dua' }],
			params: () => {
				throw new Error('n8n was asked');
			},
		});
		(fns.getNode().parameters as Record<string, unknown>).message = '={{ $json.reply }}';
		try {
			expect([0, 1].map((i) => itemParameter(fns, 'message', i))).toEqual(['satu', 'dua']);
		} finally {
			delete (fns.getNode().parameters as Record<string, unknown>).message;
		}
	});

	it('asks n8n for anything else, with the fallback', () => {
		const asked: string[] = [];
		const { fns } = fakeExecute({ items: [{ reply: 'satu' }], params: (name) => (asked.push(name), name === 'message' ? 'dari n8n' : undefined) });
		(fns.getNode().parameters as Record<string, unknown>).message = "={{ $('Proses pesan warga').item.json.reply }}";
		try {
			expect(itemParameter(fns, 'message', 0)).toBe('dari n8n');
			expect(itemParameter(fns, 'other', 0, 'cadangan')).toBe('cadangan');
			expect(asked).toEqual(['message', 'other']);
		} finally {
			delete (fns.getNode().parameters as Record<string, unknown>).message;
		}
	});
});
