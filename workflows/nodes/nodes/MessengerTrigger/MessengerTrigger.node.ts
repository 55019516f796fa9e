import {
	fromParameter,
	NodeConnectionTypes,
	webhookDescriptionFields,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL, META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { handleMessengerNotification, handleMessengerVerification, type MessengerWebhookDecision, type MessengerWebhookSecrets } from './handle-webhook.ts';
import { answerAndRun, storeFirstProperties } from '../../shared/store-first.ts';
import { webhookCredentials } from '../../shared/credential-reads.ts';

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
					'Alamat webhook: <n8n>/webhook/<path>. Isikan URL ini sebagai Callback URL di Meta (produk Messenger dan Instagram), dengan Verify Token yang sama dengan kredensial; aktifkan langganan (subscription) kolom messages dan messaging_postbacks. Halaman dan akun Instagram milik meja pengaduan memakai Callback URL yang sama; setiap pesan membawa akun yang dihubungi warga (fb:<ID halaman> / ig:<ID akun>) sebagai phoneNumberId.',
			},
			...storeFirstProperties('Meta'),
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await webhookCredentials(this, META_MESSENGER_CREDENTIAL);
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
		return answerAndRun(this, decision, { key: 'messenger', label: 'Messenger/Instagram' });
	}
}
