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
import { WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { handleNotification, handleVerification, type WebhookSecrets } from './handle-webhook.ts';

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
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: WHATSAPP_CLOUD_CREDENTIAL, required: true }],
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
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials(WHATSAPP_CLOUD_CREDENTIAL);
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

		res.status(decision.status).type(decision.contentType).send(decision.body).end();
		if (decision.items.length === 0) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray(decision.items as unknown as IDataObject[])],
		};
	}
}
