import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { callGraph, defaultRetry, GraphApiError } from '../graph-client.ts';
import { graphUrl, type SendContext } from '../send-message.ts';
import { show } from './common.ts';

const op = ['downloadMedia'];

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		description: 'ID media dari pesan masuk (mis. message.image.id)',
		...show(op),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		...show(op),
	},
];

interface MediaInfo {
	url: string;
	mime_type?: string;
	sha256?: string;
	file_size?: number;
}

const isMediaInfo = (v: unknown): v is MediaInfo =>
	typeof v === 'object' && v !== null && typeof (v as { url?: unknown }).url === 'string';

/**
 * Two steps, as Meta documents: the media id resolves to a short-lived URL,
 * and that URL is fetched with the same bearer token.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#download-media
 */
export async function fetchMedia(ctx: SendContext, mediaId: string): Promise<{ bytes: Buffer; mimeType: string; sha256: string | null; fileSize: number }> {
	const retry = ctx.retry ?? defaultRetry;
	const info = await callGraph(ctx.http, { method: 'GET', url: graphUrl(ctx.target, mediaId) }, retry);
	if (!isMediaInfo(info.body)) {
		throw new GraphApiError(`Media ${mediaId} tidak memiliki URL unduhan.`, info.statusCode, undefined, info.body);
	}
	const file = await callGraph(ctx.http, { method: 'GET', url: info.body.url, encoding: 'arraybuffer' }, retry);
	const bytes = Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body as ArrayBuffer);
	return {
		bytes,
		mimeType: info.body.mime_type ?? 'application/octet-stream',
		sha256: info.body.sha256 ?? null,
		fileSize: info.body.file_size ?? bytes.length,
	};
}

export async function execute(this: IExecuteFunctions, i: number, ctx: SendContext): Promise<INodeExecutionData> {
	const mediaId = String(this.getNodeParameter('mediaId', i)).trim();
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', i, 'data')) || 'data';
	const media = await fetchMedia(ctx, mediaId);
	const binary = await this.helpers.prepareBinaryData(media.bytes, mediaId, media.mimeType);
	return {
		json: { mediaId, mimeType: media.mimeType, sha256: media.sha256, fileSize: media.fileSize },
		binary: { [binaryPropertyName]: binary },
		pairedItem: { item: i },
	};
}
