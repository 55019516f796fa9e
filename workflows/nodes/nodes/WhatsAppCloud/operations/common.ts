import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { addressOf } from '@kanal-aduan/core';
import { parseJsonParameter, toRecipient } from '../outbound.ts';
import type { FallbackTemplate, SendContext, SendResult } from '../send-message.ts';

/** What every operation module exports; the router only knows this shape. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, ctx: SendContext): Promise<INodeExecutionData>;
}

export const show = (operation: string[]) => ({ displayOptions: { show: { operation } } });

export const recipientProperty = (operation: string[]): INodeProperties => ({
	displayName: 'To',
	name: 'to',
	type: 'string',
	default: '={{ $json.message?.from ?? $json.wa_id }}',
	required: true,
	description: 'Nomor tujuan: wa_id (62812…) atau nomor telepon (0812…, +62 812…)',
	...show(operation),
});

/** The message body text, shared by the text, buttons and list operations. */
export const bodyTextProperty = (operation: string[], extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	...extra,
	...show(operation),
});

/** The optional footer line of the buttons and list messages. */
export const footerProperty = (operation: string[]): INodeProperties => ({
	displayName: 'Footer',
	name: 'footer',
	type: 'string',
	default: '',
	...show(operation),
});

/** The footer option for buttonMessage/listMessage: none when the parameter is empty. */
export function readFooter(this: IExecuteFunctions, i: number): { footer?: string } {
	const footer = String(this.getNodeParameter('footer', i, ''));
	return footer ? { footer } : {};
}

export const fallbackProperties = (operation: string[]): INodeProperties[] => [
	{
		displayName: 'Fallback Template Name',
		name: 'fallbackTemplateName',
		type: 'string',
		default: '',
		description:
			'Template WhatsApp yang sudah disetujui Meta, dikirim bila warga terakhir menulis lebih dari 24 jam lalu (galat 131047). Kosongkan bila tidak ada.',
		...show(operation),
	},
	{
		displayName: 'Fallback Template Language',
		name: 'fallbackTemplateLanguage',
		type: 'string',
		default: 'id',
		...show(operation),
	},
	{
		displayName: 'Fallback Template Body Parameters',
		name: 'fallbackTemplateParameters',
		type: 'json',
		default: '[]',
		description: 'Isi {{1}}, {{2}}, … template, sebagai larik JSON teks (baris baru dan spasi berlebih dirapikan otomatis)',
		...show(operation),
	},
	{
		displayName: 'Send Template Instead',
		name: 'sendTemplateInstead',
		type: 'boolean',
		default: false,
		description:
			'Kirim langsung template cadangan tanpa mencoba teks, mis. `{{ $json.mode === "template" }}` dari Kanal Aduan (penerima tidak menulis dalam 24 jam). Tanpa nama template tetap dikirim teks.',
		...show(operation),
	},
];

export function readRecipient(this: IExecuteFunctions, i: number): string {
	const raw = String(this.getNodeParameter('to', i));
	const to = toRecipient(raw);
	if (!to) throw new Error(`Nomor tujuan "${raw}" tidak valid.`);
	return to;
}

export function readFallback(this: IExecuteFunctions, i: number): FallbackTemplate | undefined {
	const name = String(this.getNodeParameter('fallbackTemplateName', i, '')).trim();
	if (!name) return undefined;
	const params = parseJsonParameter(this.getNodeParameter('fallbackTemplateParameters', i, '[]'), 'fallbackTemplateParameters') ?? [];
	if (!Array.isArray(params)) throw new Error('Parameter template cadangan harus berupa larik JSON.');
	return {
		name,
		language: String(this.getNodeParameter('fallbackTemplateLanguage', i, 'id')) || 'id',
		parameters: params.map((p) => String(p)),
		direct: this.getNodeParameter('sendTemplateInstead', i, false) === true,
	};
}

export const resultItem = (result: SendResult, i: number): INodeExecutionData => ({
	json: {
		wamid: result.wamid,
		to: 'status' in result.message ? null : addressOf(result.message) || null,
		waId: result.waId,
		fallback: result.fallback,
		type: 'type' in result.message ? (result.message.type as string) : 'status',
		message: result.message as unknown as IDataObject,
	},
	pairedItem: { item: i },
});
