import {
	fromParameter,
	NodeConnectionTypes,
	webhookDescriptionFields,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { BatchWriter, StatusUpdate } from '@kanal-aduan/core';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { checkStatusAnswer, DEFAULT_BATCH_WINDOW_MS, DEFAULT_WAIT_MS, recordStatusItems, statusBatcher } from './direct-statuses.ts';
import { directusTarget, hasDirectus, postToDirectus, storeFirstProperties } from '../../shared/store-first.ts';
import { handleNotification, handleVerification, type TriggerItem, type WebhookSecrets } from './handle-webhook.ts';
import { DEFAULT_RUN_WINDOW_MS, MAX_RUN_ITEMS, sharedRuns } from './shared-runs.ts';
import { checkStoreAnswer, DEFAULT_STORE_RETRY, messageBatcher, storeMessageItems, type StoredMessage } from './stored-messages.ts';
import { webhookCredentials } from '../../shared/credential-reads.ts';

// Both webhooks share one fixed path (GET for Meta's handshake, POST for
// events), so the production URL is `${N8N}/webhook/<path>` with no id in it.
const webhookPath = webhookDescriptionFields({ path: fromParameter('path', 'whatsapp') });

export class WhatsAppCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud Trigger (Kanal Aduan)',
		name: 'whatsAppCloudTrigger',
		icon: 'file:whatsapp.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description: 'Menerima pesan dan status WhatsApp Cloud API (tanda tangan diperiksa)',
		defaults: { name: 'Pesan WhatsApp masuk' },
		inputs: [],
		// Citizens' messages on the first output, the rest (statuses the workflow has to log, Meta's
		// errors) on the second: the flow needs no If node, whose expression n8n would evaluate per item.
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Pesan', 'Status & galat'],
		credentials: [
			{ name: WHATSAPP_CLOUD_CREDENTIAL, required: true },
			// Optional: with it, delivery statuses are recorded in Directus without a workflow run,
			// and messages are stored there before Meta gets its answer.
			{ name: KANAL_ADUAN_CREDENTIAL, required: false },
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', isFullPath: true, ...webhookPath },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', isFullPath: true, ...webhookPath },
		],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'whatsapp',
				required: true,
				description: 'Alamat webhook: <n8n>/webhook/<path>. Isikan URL ini sebagai Callback URL di Meta.',
			},
			{
				displayName: 'Record Delivery Statuses Directly',
				name: 'recordStatusesDirectly',
				type: 'boolean',
				default: true,
				description:
					'Whether status pengiriman (terkirim, diterima, dibaca, gagal) dicatat langsung ke Directus dalam satu kiriman gabungan, tanpa menjalankan alur. Berlaku hanya bila kredensial Kanal Aduan (Directus) dipasang pada node ini. Bila Directus tidak dapat dihubungi, status tetap diteruskan ke alur seperti biasa.',
			},
			// The store-first options the other chat triggers share; this trigger's batch window also groups the statuses.
			...storeFirstProperties('Meta').filter((p) => p.name !== 'batchWindowMs'),
			{
				displayName: 'Batch Window (Ms)',
				name: 'statusBatchWindowMs',
				type: 'number',
				default: DEFAULT_BATCH_WINDOW_MS,
				typeOptions: { minValue: 0, maxValue: 1000 },
				description: 'Status dan pesan dari webhook yang datang dalam selang ini digabung menjadi satu penulisan ke Directus. Webhook menunggu sampai semuanya tersimpan sebelum menjawab Meta.',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await webhookCredentials(this, WHATSAPP_CLOUD_CREDENTIAL);
		const secrets: WebhookSecrets = {
			appSecret: String(credentials.appSecret ?? ''),
			verifyToken: String(credentials.verifyToken ?? ''),
		};
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		let decision;
		if (this.getWebhookName() === 'setup') {
			decision = handleVerification(this.getQueryData() as Record<string, unknown>, secrets);
		} else {
			// n8n keeps the unparsed bytes on req.rawBody (middlewares/body-parser in n8n 2.35).
			if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
			decision = handleNotification(
				{
					method: 'POST',
					query: this.getQueryData() as Record<string, unknown>,
					headers: this.getHeaderData(),
					rawBody: req.rawBody,
					body: this.getBodyData(),
				},
				secrets,
			);
		}

		let items = decision.items;
		if (decision.status === 200 && items.some((i) => i.kind === 'status')) items = await recordStatusesDirectly(this, items);
		const storing = decision.status === 200 && items.some((i) => i.kind === 'message') ? storeMessagesFirst(this, items) : null;
		// Meta is answered once the messages are stored, or after DEFAULT_WAIT_MS if Directus is away;
		// the run starts only once they are stored (or storing is given up), so they are handled in order.
		if (storing) await Promise.race([storing, new Promise((r) => setTimeout(r, DEFAULT_WAIT_MS))]);

		res.status(decision.status).type(decision.contentType).send(decision.body).end();
		const stored = storing ? await storing : null;
		// Stored messages of a burst of webhooks share one run (shared-runs.ts); a webhook whose
		// items joined another's run starts none. Unstored ones keep a run of their own.
		if (stored?.stored && items.length > 0) {
			const run = await sharedRuns<TriggerItem>(stored.key, runWindow(this), MAX_RUN_ITEMS).join(items);
			items = run ?? [];
		}
		// No workflowData: n8n starts no execution. The answer was sent above, so
		// n8n must not send its own (noWebhookResponse; n8n 2.35 webhook-helpers.js).
		if (items.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: splitOutputs(this, items) };
	}
}

/**
 * With a Kanal Aduan credential on the node (and the option on), the webhook's
 * statuses go to Directus's /kanal-aduan/wa-statuses in a group commit and
 * the remaining items (messages, errors) start the workflow; a webhook that
 * carried only statuses starts none. Without the credential, or when the write
 * fails, every item goes to the workflow as before.
 */
async function recordStatusesDirectly(ctx: IWebhookFunctions, items: TriggerItem[]): Promise<TriggerItem[]> {
	if (!hasDirectus(ctx) || ctx.getNodeParameter('recordStatusesDirectly', true) === false) return items;
	const target = await directusTarget(ctx, '', 'Status WhatsApp diteruskan ke alur');
	if (!target) return items;
	const windowMs = batchWindow(ctx);
	const write: BatchWriter<StatusUpdate> = async (statuses) => {
		checkStatusAnswer(await postToDirectus(ctx, target, '/kanal-aduan/wa-statuses', { statuses }));
	};
	const outcome = await recordStatusItems(items, statusBatcher(target.key, windowMs), write);
	if (!outcome.recorded) {
		ctx.logger?.warn?.(`${outcome.statuses} status WhatsApp diteruskan ke alur karena pencatatan langsung gagal: ${describeError(outcome.error)}`);
	}
	return outcome.items;
}

/**
 * With a Kanal Aduan credential on the node (and the option on), the
 * webhook's messages are stored in Directus (/kanal-aduan/intake/inbound, in
 * a group commit) before Meta gets its 200, so none is lost with its
 * execution. They start the workflow either way.
 */
async function storeMessagesFirst(ctx: IWebhookFunctions, items: TriggerItem[]): Promise<{ stored: boolean; key: string } | null> {
	if (!hasDirectus(ctx) || ctx.getNodeParameter('storeMessagesFirst', true) === false) return null;
	const target = await directusTarget(ctx, '', 'Pesan WhatsApp tidak disimpan lebih dulu');
	if (!target) return null;
	const write: BatchWriter<StoredMessage> = async (messages) => {
		checkStoreAnswer(await postToDirectus(ctx, target, '/kanal-aduan/intake/inbound', { messages }));
	};
	const retrySeconds = Number(ctx.getNodeParameter('storeRetrySeconds', DEFAULT_STORE_RETRY.forMs / 1000));
	const retry = { ...DEFAULT_STORE_RETRY, forMs: Number.isFinite(retrySeconds) ? Math.max(0, retrySeconds) * 1000 : DEFAULT_STORE_RETRY.forMs };
	const outcome = await storeMessageItems(items, messageBatcher(target.key, batchWindow(ctx)), write, retry);
	if (outcome.stored && outcome.attempts > 1) ctx.logger?.info?.(`${outcome.messages} pesan WhatsApp tersimpan setelah ${outcome.attempts} kali mencoba.`);
	if (!outcome.stored) {
		ctx.logger?.warn?.(`${outcome.messages} pesan WhatsApp diteruskan ke alur tanpa disimpan lebih dulu: ${describeError(outcome.error)}`);
	}
	return { stored: outcome.stored, key: target.key };
}


/** The messages on the first output, statuses and errors on the second, each in the order they came. */
export function splitOutputs(ctx: IWebhookFunctions, items: TriggerItem[]) {
	const json = (kind: (i: TriggerItem) => boolean) => ctx.helpers.returnJsonArray(items.filter(kind) as unknown as IDataObject[]);
	return [json((i) => i.kind === 'message'), json((i) => i.kind !== 'message')];
}

function runWindow(ctx: IWebhookFunctions): number {
	const windowMs = Number(ctx.getNodeParameter('runWindowMs', DEFAULT_RUN_WINDOW_MS));
	return Number.isFinite(windowMs) ? Math.max(0, windowMs) : DEFAULT_RUN_WINDOW_MS;
}

function batchWindow(ctx: IWebhookFunctions): number {
	const windowMs = Number(ctx.getNodeParameter('statusBatchWindowMs', DEFAULT_BATCH_WINDOW_MS));
	return Number.isFinite(windowMs) ? windowMs : DEFAULT_BATCH_WINDOW_MS;
}
