import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { BatchWriter } from '@kanal-aduan/core';
import { KANAL_ADUAN_CREDENTIAL } from './credential-names.ts';
import { describeError } from './describe-error.ts';
import { alreadyRead, webhookCredentials } from './credential-reads.ts';
import { DEFAULT_BATCH_WINDOW_MS, DEFAULT_WAIT_MS, type FullResponse } from '../nodes/WhatsAppCloudTrigger/direct-statuses.ts';
import { DEFAULT_RUN_WINDOW_MS, MAX_RUN_ITEMS, sharedRuns } from '../nodes/WhatsAppCloudTrigger/shared-runs.ts';
import type { TriggerItem } from '../nodes/WhatsAppCloudTrigger/handle-webhook.ts';
import { checkStoreAnswer, DEFAULT_STORE_RETRY, messageBatcher, storeMessageItems, type StoredMessage } from '../nodes/WhatsAppCloudTrigger/stored-messages.ts';

// The WhatsApp trigger's "store messages before answering" for the other chat
// channels' triggers (Telegram, Messenger/Instagram): with a Kanal Aduan
// credential on the node, the citizen's messages are stored in Directus
// (/kanal-aduan/intake/inbound, group commit, retried while Directus is away)
// before the platform gets its 200, so none is lost with its execution; the
// "Pesan tertunda" pass handles a stored message no run handled.

/**
 * Which trigger stores: `key` keys the process-wide batchers and shared runs, so
 * one channel's webhook never joins a run of another trigger (another workflow),
 * even with the same Directus credential; `label` names it in the logs.
 */
export interface StoringChannel {
	key: string;
	label: string;
}

/** Whether the trigger node has a Kanal Aduan (Directus) credential attached. */
export const hasDirectus = (ctx: IWebhookFunctions) => Boolean(ctx.getNode().credentials?.[KANAL_ADUAN_CREDENTIAL]?.id);

/** Where a trigger writes: the Directus of the node's Kanal Aduan credential, with that credential as read. */
export interface DirectusTarget {
	key: string;
	base: string;
	credentials: ICredentialDataDecryptedObject;
}

/**
 * The Directus the node's Kanal Aduan credential points at, or null when none is attached or it
 * cannot be read (then `fallbackNote` says in the log what happens instead). `keyPrefix` keeps one
 * trigger's process-wide batchers and runs apart from another's on the same credential.
 */
export async function directusTarget(ctx: IWebhookFunctions, keyPrefix: string, fallbackNote: string): Promise<DirectusTarget | null> {
	const ref = ctx.getNode().credentials?.[KANAL_ADUAN_CREDENTIAL];
	if (!ref?.id) return null;
	try {
		const credentials = await webhookCredentials(ctx, KANAL_ADUAN_CREDENTIAL);
		const base = String(credentials.directusUrl || 'http://127.0.0.1:8055').replace(/\/+$/, '');
		return { key: `${keyPrefix}${ref.id}|${base}`, base, credentials };
	} catch (error) {
		ctx.logger?.warn?.(`${fallbackNote}: kredensial Kanal Aduan tidak dapat dibaca (${describeError(error)}).`);
		return null;
	}
}

/** POSTs to the bundle's endpoint with the node's Kanal Aduan credential; a few seconds at most (a webhook waits on it). */
export async function postToDirectus(ctx: IWebhookFunctions, target: DirectusTarget, path: string, body: IDataObject): Promise<FullResponse> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, KANAL_ADUAN_CREDENTIAL, {
		method: 'POST',
		url: `${target.base}${path}`,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 4_000,
	}, alreadyRead(ctx, KANAL_ADUAN_CREDENTIAL, target.credentials))) as FullResponse;
}

/** Stores the items' messages; null when the node has no Kanal Aduan credential or the option is off. */
export async function storeChannelMessages(ctx: IWebhookFunctions, items: readonly object[], channel: StoringChannel): Promise<{ stored: boolean; key: string } | null> {
	if (!hasDirectus(ctx) || ctx.getNodeParameter('storeMessagesFirst', true) === false) return null;
	const batchWindowMs = Number(ctx.getNodeParameter('batchWindowMs', DEFAULT_BATCH_WINDOW_MS));
	const target = await directusTarget(ctx, `${channel.key}|`, `Pesan ${channel.label} tidak disimpan lebih dulu`);
	if (!target) return null;
	const write: BatchWriter<StoredMessage> = async (messages) => {
		checkStoreAnswer(await postToDirectus(ctx, target, '/kanal-aduan/intake/inbound', { messages }));
	};
	const retrySeconds = Number(ctx.getNodeParameter('storeRetrySeconds', DEFAULT_STORE_RETRY.forMs / 1000));
	const retry = { ...DEFAULT_STORE_RETRY, forMs: Number.isFinite(retrySeconds) ? Math.max(0, retrySeconds) * 1000 : DEFAULT_STORE_RETRY.forMs };
	// The items have the WhatsApp trigger's message fields (phoneNumberId: the bot, Page or Instagram account written to), which is what the store takes.
	const outcome = await storeMessageItems(items as unknown as TriggerItem[], messageBatcher(target.key, Number.isFinite(batchWindowMs) ? batchWindowMs : DEFAULT_BATCH_WINDOW_MS), write, retry);
	if (outcome.stored && outcome.attempts > 1) ctx.logger?.info?.(`${outcome.messages} pesan ${channel.label} tersimpan setelah ${outcome.attempts} kali mencoba.`);
	if (!outcome.stored) ctx.logger?.warn?.(`${outcome.messages} pesan ${channel.label} diteruskan ke alur tanpa disimpan lebih dulu: ${describeError(outcome.error)}`);
	return { stored: outcome.stored, key: target.key };
}

/**
 * The store-first options of a chat trigger (Telegram, Messenger/Instagram), the
 * WhatsApp trigger's own apart from its status options; `platform` names who
 * waits for the webhook's answer.
 */
export function storeFirstProperties(platform: string): INodeProperties[] {
	return [
		{
			displayName: 'Store Messages Before Answering',
			name: 'storeMessagesFirst',
			type: 'boolean',
			default: true,
			description:
				'Whether pesan warga disimpan ke Directus sebelum webhook dijawab, sehingga pesan tetap ada walau proses alurnya hilang (mis. worker mati); pesan seperti itu diproses ulang oleh alur "Pesan tertunda". Berlaku hanya bila kredensial Kanal Aduan (Directus) dipasang pada node ini. Bila Directus tidak dapat dihubungi, pesan tetap diteruskan ke alur.',
		},
		{
			displayName: 'Store Retry Window (Seconds)',
			name: 'storeRetrySeconds',
			type: 'number',
			default: DEFAULT_STORE_RETRY.forMs / 1000,
			typeOptions: { minValue: 0, maxValue: 600 },
			displayOptions: { show: { storeMessagesFirst: [true] } },
			description: `Bila Directus tidak dapat dihubungi, simpan pesan terus dicoba selama ini (${platform} tetap dijawab dalam beberapa detik); lewat dari batas ini pesan diteruskan ke alur tanpa disimpan lebih dulu.`,
		},
		{
			displayName: 'Shared Run Window (Ms)',
			name: 'runWindowMs',
			type: 'number',
			default: DEFAULT_RUN_WINDOW_MS,
			typeOptions: { minValue: 0, maxValue: 2000 },
			displayOptions: { show: { storeMessagesFirst: [true] } },
			description: 'Pesan yang sudah tersimpan dari webhook yang datang dalam selang ini diproses dalam satu eksekusi alur (paling banyak 50 pesan). 0 = satu eksekusi per webhook.',
		},
		{
			displayName: 'Batch Window (Ms)',
			name: 'batchWindowMs',
			type: 'number',
			default: DEFAULT_BATCH_WINDOW_MS,
			typeOptions: { minValue: 0, maxValue: 1000 },
			displayOptions: { show: { storeMessagesFirst: [true] } },
			description: 'Pesan dari webhook yang datang dalam selang ini digabung menjadi satu penulisan ke Directus.',
		},
	];
}

/** What a chat trigger decided for one webhook call: the answer, and the message items it carries. */
export interface ChatWebhookDecision<T extends object> {
	status: number;
	contentType: string;
	body: string;
	items: T[];
}

/**
 * Answers the webhook and starts the run, as the WhatsApp trigger does: the
 * platform is answered once the messages are stored (or after DEFAULT_WAIT_MS
 * if Directus is away); the run starts only once they are stored (or storing
 * is given up), so a citizen's messages are handled in order, and the stored
 * messages of a burst of webhooks share one run (shared-runs.ts).
 */
export async function answerAndRun<T extends object>(ctx: IWebhookFunctions, decision: ChatWebhookDecision<T>, channel: StoringChannel): Promise<IWebhookResponseData> {
	let items = decision.items;
	const storing = decision.status === 200 && items.length > 0 ? storeChannelMessages(ctx, items, channel) : null;
	if (storing) await Promise.race([storing, new Promise((r) => setTimeout(r, DEFAULT_WAIT_MS))]);
	ctx.getResponseObject().status(decision.status).type(decision.contentType).send(decision.body).end();
	const stored = storing ? await storing : null;
	if (stored?.stored && items.length > 0) {
		const windowMs = Number(ctx.getNodeParameter('runWindowMs', DEFAULT_RUN_WINDOW_MS));
		items = (await sharedRuns<T>(stored.key, Math.max(0, Number.isFinite(windowMs) ? windowMs : DEFAULT_RUN_WINDOW_MS), MAX_RUN_ITEMS).join(items)) ?? [];
	}
	// The answer was sent above, so n8n must not send its own (noWebhookResponse; n8n 2.35 webhook-helpers.js).
	if (items.length === 0) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [ctx.helpers.returnJsonArray(items as unknown as IDataObject[])] };
}
