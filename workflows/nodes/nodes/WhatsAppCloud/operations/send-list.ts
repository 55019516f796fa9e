import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { listMessage } from '@kanal-aduan/core';
import { parseJsonParameter, type ListRow } from '../outbound.ts';
import { sendMessage, type SendContext } from '../send-message.ts';
import { bodyTextProperty, fallbackProperties, footerProperty, readFallback, readFooter, readRecipient, recipientProperty, resultItem, show } from './common.ts';

const op = ['sendList'];

export const description: INodeProperties[] = [
	recipientProperty(op),
	bodyTextProperty(op),
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: 'Pilih',
		required: true,
		description: 'Tulisan tombol yang membuka daftar (maks. 20 karakter)',
		...show(op),
	},
	{
		displayName: 'Section Title',
		name: 'sectionTitle',
		type: 'string',
		default: '',
		...show(op),
	},
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'json',
		default: '[{"id":"JALAN","title":"Jalan rusak"}]',
		required: true,
		description: 'Maks. 10 baris: larik JSON {id, title, description?}',
		...show(op),
	},
	footerProperty(op),
	...fallbackProperties(op),
];

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const rows = parseJsonParameter(this.getNodeParameter('rows', i), 'rows');
	if (!Array.isArray(rows)) throw new Error('Parameter "rows" harus larik JSON {id, title, description?}.');
	const sectionTitle = String(this.getNodeParameter('sectionTitle', i, ''));
	const message = listMessage(
		readRecipient.call(this, i),
		String(this.getNodeParameter('text', i)),
		String(this.getNodeParameter('buttonText', i)),
		[{ ...(sectionTitle ? { title: sectionTitle } : {}), rows: rows as ListRow[] }],
		readFooter.call(this, i),
	);
	return resultItem(await sendMessage(ctx, message, readFallback.call(this, i)), i);
}
