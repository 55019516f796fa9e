import { addressOf, SendMessageResponse, templateMessage, type OutboundMessage } from '@kanal-aduan/core';
import { callGraph, defaultRetry, GraphApiError, OUTSIDE_WINDOW_CODE, type RetryOptions, type SendHttp } from './graph-client.ts';

export interface GraphTarget {
	apiBaseUrl: string;
	apiVersion: string;
	phoneNumberId: string;
}

export interface SendContext {
	target: GraphTarget;
	http: SendHttp;
	retry?: RetryOptions;
}

export interface FallbackTemplate {
	name: string;
	language: string;
	parameters: string[];
	/** Send the template straight away (the caller knows the 24-hour window is closed). */
	direct?: boolean;
}

export interface SendResult {
	wamid: string;
	waId: string | null;
	fallback: boolean;
	message: OutboundMessage;
}

export const graphUrl = (t: GraphTarget, path: string) =>
	`${t.apiBaseUrl.replace(/\/+$/, '')}/${t.apiVersion.replace(/^\/+|\/+$/g, '')}/${path.replace(/^\/+/, '')}`;

async function post(ctx: SendContext, message: OutboundMessage): Promise<SendResult> {
	const res = await callGraph(
		ctx.http,
		{ method: 'POST', url: graphUrl(ctx.target, `${ctx.target.phoneNumberId}/messages`), body: message },
		ctx.retry ?? defaultRetry,
	);
	const parsed = SendMessageResponse.safeParse(res.body);
	if (!parsed.success) {
		throw new GraphApiError('Jawaban WhatsApp Cloud API tidak berisi id pesan (wamid).', res.statusCode, undefined, res.body);
	}
	return {
		wamid: parsed.data.messages[0]?.id ?? '',
		waId: parsed.data.contacts[0]?.wa_id ?? parsed.data.contacts[0]?.user_id ?? null,
		fallback: false,
		message,
	};
}

/**
 * Sends a message. Outside the 24-hour customer-service window Meta refuses
 * free-form messages with 131047; an approved template may still be sent, so
 * when one is configured we send it instead and say so with `fallback: true`.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates
 */
export async function sendMessage(ctx: SendContext, message: OutboundMessage, fallback?: FallbackTemplate): Promise<SendResult> {
	// A phone number, or the business-scoped user id of a username user (`recipient`).
	const to = 'status' in message ? '' : addressOf(message);
	if (fallback?.direct && fallback.name && to) {
		// Meta may accept free text outside the window and fail it later in a status webhook; the caller checked the window.
		return { ...(await post(ctx, templateMessage(to, fallback.name, fallback.language, fallback.parameters))), fallback: true };
	}
	try {
		return await post(ctx, message);
	} catch (error) {
		if (!(error instanceof GraphApiError) || error.code !== OUTSIDE_WINDOW_CODE || !fallback?.name) throw error;
		const result = await post(ctx, templateMessage(to, fallback.name, fallback.language, fallback.parameters));
		return { ...result, fallback: true };
	}
}
