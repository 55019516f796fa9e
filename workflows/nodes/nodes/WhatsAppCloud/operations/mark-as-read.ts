import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemParameter } from '../../../shared/item-parameter.ts';
import { callGraph, defaultRetry } from '../graph-client.ts';
import { markAsRead } from '@kanal-aduan/core';
import { graphUrl, type SendContext } from '../send-message.ts';
import { show } from './common.ts';

const op = ['markAsRead'];

export const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '={{ $json.message?.id }}',
		required: true,
		description: 'wamid pesan masuk yang ditandai sudah dibaca (centang biru)',
		...show(op),
	},
];

// https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read
export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const messageId = String(itemParameter(this, 'messageId', i) ?? '').trim();
	// Nothing to mark (e.g. a summary item with no message behind it): no call to Meta.
	if (!messageId) return { json: { messageId: null, success: false, skipped: true }, pairedItem: { item: i } };
	const res = await callGraph(
		ctx.http,
		{ method: 'POST', url: graphUrl(ctx.target, `${ctx.target.phoneNumberId}/messages`), body: markAsRead(messageId) },
		ctx.retry ?? defaultRetry,
	);
	const success = typeof res.body === 'object' && res.body !== null && (res.body as { success?: unknown }).success === true;
	return { json: { messageId, success }, pairedItem: { item: i } };
}
