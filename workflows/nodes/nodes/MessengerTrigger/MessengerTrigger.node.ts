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
import { KANAL_ADUAN_CREDENTIAL, META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { DEFAULT_BATCH_WINDOW_MS, DEFAULT_WAIT_MS } from '../WhatsAppCloudTrigger/direct-statuses.ts';
import { sharedRuns } from '../WhatsAppCloudTrigger/shared-runs.ts';
import { DEFAULT_STORE_RETRY } from '../WhatsAppCloudTrigger/stored-messages.ts';
import { DEFAULT_RUN_WINDOW_MS, MAX_RUN_ITEMS } from '../WhatsAppCloudTrigger/WhatsAppCloudTrigger.node.ts';
import { handleMessengerNotification, handleMessengerVerification, type MessengerTriggerItem, type MessengerWebhookDecision, type MessengerWebhookSecrets } from './handle-webhook.ts';
import { storeMessengerMessages } from './store-first.ts';

// Both webhooks share one fixed path (GET for Meta's handshake, POST for
// events), like the WhatsApp trigger: the page's (and the Instagram account's)
// Callback URL is `${N8N}/webhook/<path>`.
const webhookPath = webhookDescriptionFields({ path: fromParameter('path', 'messenger') });

export class MessengerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messenger Trigger (Kanal Aduan)',
		name: 'messengerTrigger',
		icon: 'file:messenger.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description:
			'Menerima pesan warga dari Facebook Messenger dan Instagram Direct (tanda tangan diperiksa) dalam bentuk yang sama dengan pesan WhatsApp, sehingga dapat langsung diteruskan ke Kanal Aduan → Intake',
		defaults: { name: 'Pesan Messenger/Instagram masuk' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: META_MESSENGER_CREDENTIAL, required: true },
			// Optional: with it, messages are stored in Directus before Meta gets its answer (as the WhatsApp trigger does).
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
				default: 'messenger',
				required: true,
				description:
					'Alamat webhook: <n8n>/webhook/<path>. Isikan URL ini sebagai Callback URL di Meta (produk Messenger dan Instagram), dengan Verify Token yang sama dengan kredensial; aktifkan langganan (subscription) kolom messages dan messaging_postbacks.',
			},
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
				description:
					'Bila Directus tidak dapat dihubungi, simpan pesan terus dicoba selama ini (Meta tetap dijawab dalam beberapa detik); lewat dari batas ini pesan diteruskan ke alur tanpa disimpan lebih dulu.',
			},
			{
				displayName: 'Shared Run Window (Ms)',
				name: 'runWindowMs',
				type: 'number',
				default: DEFAULT_RUN_WINDOW_MS,
				typeOptions: { minValue: 0, maxValue: 2000 },
				displayOptions: { show: { storeMessagesFirst: [true] } },
				description:
					'Pesan yang sudah tersimpan dari webhook yang datang dalam selang ini diproses dalam satu eksekusi alur (paling banyak 50 pesan). 0 = satu eksekusi per webhook.',
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
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials(META_MESSENGER_CREDENTIAL);
		const secrets: MessengerWebhookSecrets = { appSecret: String(credentials.appSecret ?? ''), verifyToken: String(credentials.verifyToken ?? '') };
		let decision: MessengerWebhookDecision;
		if (this.getWebhookName() === 'setup') {
			decision = handleMessengerVerification(this.getQueryData() as Record<string, unknown>, secrets);
		} else {
			const req = this.getRequestObject();
			// n8n keeps the unparsed bytes on req.rawBody (middlewares/body-parser in n8n 2.35); the signature is over them.
			if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
			decision = handleMessengerNotification({ headers: this.getHeaderData(), rawBody: req.rawBody, body: this.getBodyData() }, secrets);
		}
		if (decision.ignored) this.logger?.debug?.(`Event Messenger/Instagram diabaikan: ${decision.ignored.join('; ')}`);
		let items = decision.items;
		const storing = decision.status === 200 && items.length > 0 ? storeMessengerMessages(this, items) : null;
		// Meta is answered once the messages are stored, or after DEFAULT_WAIT_MS if Directus is away;
		// the run starts only once they are stored (or storing is given up), so they are handled in order.
		if (storing) await Promise.race([storing, new Promise((r) => setTimeout(r, DEFAULT_WAIT_MS))]);
		this.getResponseObject().status(decision.status).type(decision.contentType).send(decision.body).end();
		const stored = storing ? await storing : null;
		// Stored messages of a burst of webhooks share one run (WhatsAppCloudTrigger/shared-runs.ts).
		if (stored?.stored && items.length > 0) {
			items = (await sharedRuns<MessengerTriggerItem>(stored.key, Math.max(0, numberParameter(this, 'runWindowMs', DEFAULT_RUN_WINDOW_MS)), MAX_RUN_ITEMS).join(items)) ?? [];
		}
		// The answer was sent above, so n8n must not send its own (noWebhookResponse; n8n 2.35 webhook-helpers.js).
		if (items.length === 0) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray(items as unknown as IDataObject[])],
		};
	}
}

function numberParameter(ctx: IWebhookFunctions, name: string, fallback: number): number {
	const value = Number(ctx.getNodeParameter(name, fallback));
	return Number.isFinite(value) ? value : fallback;
}
