import {
	fromParameter,
	NodeConnectionTypes,
	webhookDescriptionFields,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { handleTelegramWebhook } from './handle-webhook.ts';
import { answerAndRun, storeFirstProperties } from '../../shared/store-first.ts';
import { webhookCredentials } from '../../shared/credential-reads.ts';

// One fixed path with no id in it, like the WhatsApp trigger: setWebhook is
// given `${N8N}/webhook/<path>` with the credential's secret_token, and a
// desk's own bot the same URL with `?bot=<bot id>` (handle-webhook.ts).
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
					'Alamat webhook: <n8n>/webhook/<path>. Daftarkan URL ini ke Telegram dengan setWebhook, bersama secret_token yang sama dengan Secret Token pada kredensial. Bot milik meja (Token bot meja) didaftarkan ke URL yang sama dengan tambahan ?bot=<id bot>.',
			},
			...storeFirstProperties('Telegram'),
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await webhookCredentials(this, TELEGRAM_BOT_CREDENTIAL);
		const decision = handleTelegramWebhook(
			{ headers: this.getHeaderData(), query: this.getQueryData() as Record<string, unknown>, body: this.getBodyData() },
			{ secretToken: String(credentials.secretToken ?? ''), botToken: String(credentials.botToken ?? '') },
		);
		if (decision.ignored) this.logger?.debug?.(`Update Telegram diabaikan: ${decision.ignored}`);
		return answerAndRun(this, decision, { key: 'telegram', label: 'Telegram' });
	}
}
