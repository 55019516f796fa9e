import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { SendMessage } from '@kanal-aduan/core';
import { itemParameter } from '../../../shared/item-parameter.ts';
import { parseJsonParameter } from '../outbound.ts';
import { sendMessage, type SendContext } from '../send-message.ts';
import { fallbackProperties, readFallback, resultItem, show } from './common.ts';

const op = ['sendPrepared'];

// For replies that are already complete Cloud API bodies, e.g. the ones the
// Kanal Aduan node's "Conversation → Step" builds (text, buttons or list).
export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		default: '={{ $json.reply }}',
		required: true,
		description: 'Isi pesan WhatsApp Cloud API yang sudah jadi (text, interactive, template), mis. balasan dari langkah percakapan',
		...show(op),
	},
	...fallbackProperties(op),
];

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const raw = parseJsonParameter(itemParameter(this, 'message', i), 'message');
	// Validated with core's schema (Meta's limits) before anything leaves.
	const parsed = SendMessage.safeParse(raw);
	if (!parsed.success) throw new Error(`Pesan yang akan dikirim tidak sesuai format WhatsApp Cloud API: ${parsed.error.issues[0]?.message ?? 'tidak valid'}`);
	return resultItem(await sendMessage(ctx, parsed.data, readFallback.call(this, i)), i);
}
