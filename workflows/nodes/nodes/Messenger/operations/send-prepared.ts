import { addressOf, channelOfAddress, messengerDelivery, MessengerSendable, messengerRequests, messengerSentId } from '@kanal-aduan/core';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseJsonParameter } from '../../WhatsAppCloud/outbound.ts';
import { callSendApi, type SendApiContext } from '../send-api-client.ts';
import { show } from './common.ts';

const op = ['sendPrepared'];

// Replies stay WhatsApp-shaped everywhere (the Kanal Aduan node's "Intake →
// Handle Message" builds them); this operation sends one to an fb:<PSID> or
// ig:<IGSID> citizen as Send API calls (core's messengerRequests), with the
// messaging_type/tag the person's last message allows (core's
// messengerDelivery), and answers in the WhatsApp node's sendPrepared shape,
// so "Intake → Record Sent" records it unchanged, with fb:/ig:<message_id> as wamid.
export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'json',
		default: '={{ $json.reply }}',
		required: true,
		description:
			'Balasan berbentuk pesan WhatsApp Cloud API (teks, tombol, daftar, foto/dokumen lewat link) untuk warga Messenger (fb:<PSID>) atau Instagram (ig:<IGSID>), mis. balasan dari Intake → Handle Message. Tombol dan baris daftar menjadi tombol balasan cepat (paling banyak 13). Template WhatsApp tidak dapat dikirim.',
		...show(op),
	},
	{
		displayName: 'Last Inbound At',
		name: 'lastInboundAt',
		type: 'string',
		default: "={{ $json.notice?.lastInboundAt ?? $json.lastInboundAt ?? '' }}",
		description:
			'Waktu pesan terakhir dari warga (ISO 8601). Kosong = warga baru saja menulis (balasan biasa). Lewat 24 jam dikirim dengan tag HUMAN_AGENT (sampai 7 hari); lewat 7 hari hanya Messenger yang dapat dikirimi (tag ACCOUNT_UPDATE), Instagram tidak.',
		...show(op),
	},
];

/** A reply the window rule forbids: Record Sent gives it up (refusedForGood), it will never be allowed later. */
export class OutsideMessengerWindowError extends Error {
	constructor(readonly address: string) {
		super(
			channelOfAddress(address) === 'instagram'
				? `Pesan ke ${address} tidak dapat dikirim: di luar jendela Instagram 7 hari sejak pesan terakhir warga (Instagram hanya mengizinkan tag HUMAN_AGENT sampai 7 hari).`
				: `Pesan ke ${address} tidak dapat dikirim: warga belum pernah menulis ke Halaman ini atau waktu pesan terakhirnya tidak terbaca.`,
		);
		this.name = 'OutsideMessengerWindowError';
	}
}

export async function execute(this: IExecuteFunctions, i: number, ctx: SendApiContext): Promise<INodeExecutionData> {
	const raw = parseJsonParameter(this.getNodeParameter('message', i), 'message');
	const parsed = MessengerSendable.safeParse(raw);
	if (!parsed.success) throw new Error(`Pesan yang akan dikirim tidak sesuai format WhatsApp Cloud API: ${parsed.error.issues[0]?.message ?? 'tidak valid'}`);
	const message = parsed.data;
	const to = addressOf(message as { to?: string; recipient?: string });
	const lastInboundAt = String(this.getNodeParameter('lastInboundAt', i, '') ?? '').trim();
	const now = new Date();
	// Empty: the reply answers a message the person just sent (Intake → Handle Message).
	const delivery = messengerDelivery(to, lastInboundAt || now, now);
	// Built (and refused: template, too many options, not an fb:/ig: address…) before anything is sent.
	const requests = messengerRequests(message, delivery ?? { messaging_type: 'RESPONSE' });
	if (!delivery) throw new OutsideMessengerWindowError(to);
	let sentId = '';
	for (const request of requests) sentId = messengerSentId(to, await callSendApi(ctx, request));
	return {
		json: { wamid: sentId, to, waId: to, fallback: false, type: message.type, message: message as unknown as IDataObject },
		pairedItem: { item: i },
	};
}
