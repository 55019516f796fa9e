import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buttonMessage } from '@kanal-aduan/core';
import { parseJsonParameter, type ReplyButton } from '../outbound.ts';
import { sendMessage, type SendContext } from '../send-message.ts';
import { bodyTextProperty, fallbackProperties, footerProperty, readFallback, readFooter, readRecipient, recipientProperty, resultItem, show } from './common.ts';

const op = ['sendButtons'];

export const description: INodeProperties[] = [
	recipientProperty(op),
	bodyTextProperty(op),
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'json',
		default: '[{"id":"ya","title":"Ya"},{"id":"tidak","title":"Tidak"}]',
		required: true,
		description: 'Maks. 3 tombol: larik JSON {id, title}; judul maks. 20 karakter',
		...show(op),
	},
	footerProperty(op),
	...fallbackProperties(op),
];

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const buttons = parseJsonParameter(this.getNodeParameter('buttons', i), 'buttons');
	if (!Array.isArray(buttons)) throw new Error('Parameter "buttons" harus larik JSON {id, title}.');
	const message = buttonMessage(
		readRecipient.call(this, i),
		String(this.getNodeParameter('text', i)),
		buttons as ReplyButton[],
		readFooter.call(this, i),
	);
	return resultItem(await sendMessage(ctx, message, readFallback.call(this, i)), i);
}
