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
import { KANAL_ADUAN_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { DEFAULT_BATCH_WINDOW_MS, DEFAULT_WAIT_MS } from '../WhatsAppCloudTrigger/direct-statuses.ts';
import { sharedRuns } from '../WhatsAppCloudTrigger/shared-runs.ts';
import { DEFAULT_STORE_RETRY } from '../WhatsAppCloudTrigger/stored-messages.ts';
import { DEFAULT_RUN_WINDOW_MS, MAX_RUN_ITEMS } from '../WhatsAppCloudTrigger/WhatsAppCloudTrigger.node.ts';
import { handleTelegramWebhook, type TelegramTriggerItem } from './handle-webhook.ts';
import { storeTelegramMessages } from './store-first.ts';

// One fixed path with no id in it, like the WhatsApp trigger: setWebhook is
// given `${N8N}/webhook/<path>` with the credential's secret_token.
const webhookPath = webhookDescriptionFields({ path: fromParameter('path', 'telegram') });

export class TelegramTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Trigger (Kanal Aduan)',
		name: 'telegramTrigger',
		icon: 'file:telegram.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description:
			'Menerima pesan warga dari bot Telegram (token rahasia diperiksa) dalam bentuk yang sama dengan pesan WhatsApp, sehingga dapat langsung diteruskan ke Kanal Aduan → Intake',
		defaults: { name: 'Pesan Telegram masuk' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: TELEGRAM_BOT_CREDENTIAL, required: true },
			// Optional: with it, messages are stored in Directus before Telegram gets its answer (as the WhatsApp trigger does).
			{ name: KANAL_ADUAN_CREDENTIAL, required: false },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', isFullPath: true, ...webhookPath }],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'telegram',
				required: true,
				description:
					'Alamat webhook: <n8n>/webhook/<path>. Daftarkan URL ini ke Telegram dengan setWebhook, bersama secret_token yang sama dengan Secret Token pada kredensial.',
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
					'Bila Directus tidak dapat dihubungi, simpan pesan terus dicoba selama ini (Telegram tetap dijawab dalam beberapa detik); lewat dari batas ini pesan diteruskan ke alur tanpa disimpan lebih dulu.',
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
		const credentials = await this.getCredentials(TELEGRAM_BOT_CREDENTIAL);
		const decision = handleTelegramWebhook(
			{ headers: this.getHeaderData(), body: this.getBodyData() },
			{ secretToken: String(credentials.secretToken ?? '') },
		);
		if (decision.ignored) this.logger?.debug?.(`Update Telegram diabaikan: ${decision.ignored}`);
		let items = decision.items;
		const storing = decision.status === 200 && items.length > 0 ? storeTelegramMessages(this, items) : null;
		// Telegram is answered once the messages are stored, or after DEFAULT_WAIT_MS if Directus is away;
		// the run starts only once they are stored (or storing is given up), so they are handled in order.
		if (storing) await Promise.race([storing, new Promise((r) => setTimeout(r, DEFAULT_WAIT_MS))]);
		this.getResponseObject().status(decision.status).type(decision.contentType).send(decision.body).end();
		const stored = storing ? await storing : null;
		// Stored messages of a burst of webhooks share one run (WhatsAppCloudTrigger/shared-runs.ts).
		if (stored?.stored && items.length > 0) {
			items = (await sharedRuns<TelegramTriggerItem>(stored.key, Math.max(0, numberParameter(this, 'runWindowMs', DEFAULT_RUN_WINDOW_MS)), MAX_RUN_ITEMS).join(items)) ?? [];
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
