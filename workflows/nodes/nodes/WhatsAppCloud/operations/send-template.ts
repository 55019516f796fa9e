import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { templateMessage } from '@kanal-aduan/core';
import { parseJsonParameter } from '../outbound.ts';
import { sendMessage, type SendContext } from '../send-message.ts';
import { readRecipient, recipientProperty, resultItem, show } from './common.ts';

const op = ['sendTemplate'];

export const description: INodeProperties[] = [
	recipientProperty(op),
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		description: 'Nama template yang sudah disetujui Meta',
		...show(op),
	},
	{
		displayName: 'Language',
		name: 'templateLanguage',
		type: 'string',
		default: 'id',
		...show(op),
	},
	{
		displayName: 'Body Parameters',
		name: 'templateParameters',
		type: 'json',
		default: '[]',
		description: 'Isi {{1}}, {{2}}, … sebagai larik JSON teks',
		...show(op),
	},
];

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const params = parseJsonParameter(this.getNodeParameter('templateParameters', i, '[]'), 'templateParameters') ?? [];
	if (!Array.isArray(params)) throw new Error('Parameter template harus larik JSON.');
	const message = templateMessage(
		readRecipient.call(this, i),
		String(this.getNodeParameter('templateName', i)),
		String(this.getNodeParameter('templateLanguage', i, 'id')) || 'id',
		params.map((p) => String(p)),
	);
	return resultItem(await sendMessage(ctx, message), i);
}
