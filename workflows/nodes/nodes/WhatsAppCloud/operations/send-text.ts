import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { textMessage } from '@kanal-aduan/core';
import { sendMessage, type SendContext } from '../send-message.ts';
import { bodyTextProperty, fallbackProperties, readFallback, readRecipient, recipientProperty, resultItem, show } from './common.ts';

const op = ['sendText'];

export const description: INodeProperties[] = [
	recipientProperty(op),
	bodyTextProperty(op, { typeOptions: { rows: 4 }, description: 'Isi pesan (maks. 4096 karakter)' }),
	{
		displayName: 'Reply To Message ID',
		name: 'replyTo',
		type: 'string',
		default: '',
		description: 'wamid pesan warga yang dikutip dalam balasan (opsional)',
		...show(op),
	},
	...fallbackProperties(op),
];

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const message = textMessage(
		readRecipient.call(this, i),
		String(this.getNodeParameter('text', i)),
		String(this.getNodeParameter('replyTo', i, '')) || undefined,
	);
	return resultItem(await sendMessage(ctx, message, readFallback.call(this, i)), i);
}
