import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { imageMessage } from '@kanal-aduan/core';
import { imageProblem, uploadMedia } from '../media-upload.ts';
import { sendMessage, type SendContext } from '../send-message.ts';
import { readRecipient, recipientProperty, resultItem, show } from './common.ts';

const op = ['sendImage'];

export const description: INodeProperties[] = [
	recipientProperty(op),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Field biner berisi foto (JPEG/PNG, maks. 5 MB), mis. dari node Kanal Aduan atau HTTP Request',
		...show(op),
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		description: 'Keterangan di bawah foto (opsional, maks. 1024 karakter)',
		...show(op),
	},
];

/**
 * Two calls, as Meta documents for media the business owns: upload the bytes
 * (POST /{phone-number-id}/media → id), then send an image message by that id.
 * Free-form, so only inside the 24-hour window (131047 otherwise; no template fallback).
 */
export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const to = readRecipient.call(this, i);
	const property = String(this.getNodeParameter('binaryPropertyName', i, 'data')) || 'data';
	const binary = this.getInputData()[i]?.binary?.[property];
	if (!binary) throw new Error(`Item tidak memiliki data biner "${property}" untuk dikirim sebagai foto.`);
	const bytes = await this.helpers.getBinaryDataBuffer(i, property);
	const file = { bytes, mimeType: binary.mimeType, filename: binary.fileName ?? `foto-${i + 1}` };
	const problem = imageProblem(file);
	if (problem) throw new Error(`Foto tidak dapat dikirim: ${problem}.`);
	const mediaId = await uploadMedia(ctx, file);
	const result = await sendMessage(ctx, imageMessage(to, mediaId, String(this.getNodeParameter('caption', i, ''))));
	const item = resultItem(result, i);
	return { ...item, json: { ...item.json, mediaId } };
}
