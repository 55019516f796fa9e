import { addressOf, TelegramSendable, telegramRequests, telegramSentId } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseJsonParameter } from '../../WhatsAppCloud/outbound.ts';
import { callBotApi, type BotContext } from '../bot-client.ts';
import { show } from './common.ts';

const op = ['sendPrepared'];

// Replies stay WhatsApp-shaped everywhere (the Kanal Aduan node's "Intake →
// Handle Message" builds them); this operation sends one to a tg:<chat_id>
// citizen as Bot API calls (core's telegramRequests) and answers in the
// WhatsApp node's sendPrepared shape, so "Intake → Record Sent" records it
// unchanged, with the Telegram message id (tg:<chat>:<message_id>) as wamid.
export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		default: '={{ $json.reply }}',
		required: true,
		description:
			'Balasan berbentuk pesan WhatsApp Cloud API (teks, tombol, daftar, foto, dokumen) untuk warga Telegram (tg:<chat_id>), mis. balasan dari Intake → Handle Message. Template WhatsApp tidak dapat dikirim lewat Telegram.',
		...show(op),
	},
];

export async function execute(this: IExecuteFunctions, i: number, ctx: BotContext): Promise<INodeExecutionData> {
	const raw = parseJsonParameter(this.getNodeParameter('message', i), 'message');
	const parsed = TelegramSendable.safeParse(raw);
	if (!parsed.success) throw new Error(`Pesan yang akan dikirim tidak sesuai format WhatsApp Cloud API: ${parsed.error.issues[0]?.message ?? 'tidak valid'}`);
	const message = parsed.data;
	// Built (and refused: template, too-long button id…) before anything is sent.
	const requests = telegramRequests(message);
	let sentId = '';
	for (const request of requests) sentId = telegramSentId(String(request.body.chat_id), await callBotApi(ctx, request.method, request.body));
	const to = addressOf(message as { to?: string; recipient?: string }) || null;
	return {
		json: { wamid: sentId, to, waId: to, fallback: false, type: message.type, message: message as unknown as IDataObject },
		pairedItem: { item: i },
	};
}
