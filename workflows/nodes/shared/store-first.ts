import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL } from './credential-names.ts';
import { describeError } from './describe-error.ts';
import { DEFAULT_BATCH_WINDOW_MS, type FullResponse } from '../nodes/WhatsAppCloudTrigger/direct-statuses.ts';
import type { BatchWriter } from '../nodes/WhatsAppCloudTrigger/group-commit.ts';
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

const hasDirectus = (ctx: IWebhookFunctions) => Boolean(ctx.getNode().credentials?.[KANAL_ADUAN_CREDENTIAL]?.id);

async function directusTarget(ctx: IWebhookFunctions, channel: StoringChannel): Promise<{ key: string; base: string } | null> {
	const ref = ctx.getNode().credentials?.[KANAL_ADUAN_CREDENTIAL];
	if (!ref?.id) return null;
	try {
		const credentials = await ctx.getCredentials(KANAL_ADUAN_CREDENTIAL);
		const base = String(credentials.directusUrl || 'http://127.0.0.1:8055').replace(/\/+$/, '');
		return { key: `${channel.key}|${ref.id}|${base}`, base };
	} catch (error) {
		ctx.logger?.warn?.(`Pesan ${channel.label} tidak disimpan lebih dulu: kredensial Kanal Aduan tidak dapat dibaca (${describeError(error)}).`);
		return null;
	}
}

async function postToDirectus(ctx: IWebhookFunctions, url: string, body: IDataObject): Promise<FullResponse> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, KANAL_ADUAN_CREDENTIAL, {
		method: 'POST',
		url,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 4_000,
	})) as FullResponse;
}

/** Stores the items' messages; null when the node has no Kanal Aduan credential or the option is off. */
export async function storeChannelMessages(ctx: IWebhookFunctions, items: readonly object[], channel: StoringChannel): Promise<{ stored: boolean; key: string } | null> {
	if (!hasDirectus(ctx) || ctx.getNodeParameter('storeMessagesFirst', true) === false) return null;
	const batchWindowMs = Number(ctx.getNodeParameter('batchWindowMs', DEFAULT_BATCH_WINDOW_MS));
	const target = await directusTarget(ctx, channel);
	if (!target) return null;
	const write: BatchWriter<StoredMessage> = async (messages) => {
		checkStoreAnswer(await postToDirectus(ctx, `${target.base}/kanal-aduan/intake/inbound`, { messages }));
	};
	const retrySeconds = Number(ctx.getNodeParameter('storeRetrySeconds', DEFAULT_STORE_RETRY.forMs / 1000));
	const retry = { ...DEFAULT_STORE_RETRY, forMs: Number.isFinite(retrySeconds) ? Math.max(0, retrySeconds) * 1000 : DEFAULT_STORE_RETRY.forMs };
	// The items have the WhatsApp trigger's message fields (phoneNumberId null: no business number), which is what the store takes.
	const outcome = await storeMessageItems(items as unknown as TriggerItem[], messageBatcher(target.key, Number.isFinite(batchWindowMs) ? batchWindowMs : DEFAULT_BATCH_WINDOW_MS), write, retry);
	if (outcome.stored && outcome.attempts > 1) ctx.logger?.info?.(`${outcome.messages} pesan ${channel.label} tersimpan setelah ${outcome.attempts} kali mencoba.`);
	if (!outcome.stored) ctx.logger?.warn?.(`${outcome.messages} pesan ${channel.label} diteruskan ke alur tanpa disimpan lebih dulu: ${describeError(outcome.error)}`);
	return { stored: outcome.stored, key: target.key };
}
