import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { itemParameter } from '../../shared/item-parameter.ts';
import { runSendOperations } from '../../shared/send-route.ts';
import { GraphApiError, type HttpRequest, type HttpResponse } from './graph-client.ts';
import type { Operation } from './operations/common.ts';
import * as downloadMedia from './operations/download-media.ts';
import * as markAsRead from './operations/mark-as-read.ts';
import * as sendButtons from './operations/send-buttons.ts';
import * as sendImage from './operations/send-image.ts';
import * as sendList from './operations/send-list.ts';
import * as sendPrepared from './operations/send-prepared.ts';
import * as sendTemplate from './operations/send-template.ts';
import * as sendText from './operations/send-text.ts';
import type { SendContext } from './send-message.ts';
import { alreadyRead } from '../../shared/credential-reads.ts';

export const operations: Record<string, Operation> = {
	sendText,
	sendButtons,
	sendList,
	sendImage,
	sendPrepared,
	sendTemplate,
	markAsRead,
	downloadMedia,
};

export async function sendContext(fns: IExecuteFunctions): Promise<SendContext> {
	const c = await fns.getCredentials(WHATSAPP_CLOUD_CREDENTIAL);
	return {
		target: {
			apiBaseUrl: String(c.apiBaseUrl || 'https://graph.facebook.com'),
			apiVersion: String(c.apiVersion || 'v23.0'),
			phoneNumberId: String(c.phoneNumberId ?? ''),
		},
		http: async (req: HttpRequest): Promise<HttpResponse> =>
			(await fns.helpers.httpRequestWithAuthentication.call(fns, WHATSAPP_CLOUD_CREDENTIAL, {
				method: req.method,
				url: req.url,
				...(req.body ? { body: req.body, json: true } : { json: req.encoding !== 'arraybuffer' }),
				...(req.raw ? { body: req.raw.body, headers: { 'content-type': req.raw.contentType }, json: true } : {}),
				...(req.encoding ? { encoding: req.encoding } : {}),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}, alreadyRead(fns, WHATSAPP_CLOUD_CREDENTIAL, c))) as HttpResponse,
	};
}

/**
 * The send context for one item: the credential's number, or the business number the item names
 * (an intake desk's own number: the reply goes out from the number the citizen wrote to). Meta
 * serves every number of the business account with the same token.
 */
export function fromNumber(ctx: SendContext, phoneNumberId: unknown): SendContext {
	const from = typeof phoneNumberId === 'string' ? phoneNumberId.trim() : typeof phoneNumberId === 'number' ? String(phoneNumberId) : '';
	if (!from || from === ctx.target.phoneNumberId) return ctx;
	if (!/^\d{1,32}$/.test(from)) throw new Error(`ID nomor pengirim "${from}" tidak valid: harus phone_number_id dari Meta (angka).`);
	return { ...ctx, target: { ...ctx.target, phoneNumberId: from } };
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const ctx = await sendContext(this);
	return runSendOperations(this, operations, (i) => fromNumber(ctx, itemParameter(this, 'phoneNumberId', i, '')), (error) => {
		const graph = error instanceof GraphApiError ? error : undefined;
		return {
			item: { error: graph ? `WhatsApp Cloud API: ${graph.message}` : describeError(error), code: graph?.code ?? null, httpStatus: graph?.httpStatus ?? null },
			detail: graph ? (graph.httpStatus === 0 ? String(graph.details) : `HTTP ${graph.httpStatus}, kode Meta ${graph.code ?? '-'}`) : undefined,
		};
	});
}
