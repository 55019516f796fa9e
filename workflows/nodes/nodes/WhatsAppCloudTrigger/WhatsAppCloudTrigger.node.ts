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
import type { StatusUpdate } from '@kanal-aduan/core';
import { KANAL_ADUAN_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { describeError } from '../../shared/describe-error.ts';
import { checkStatusAnswer, DEFAULT_BATCH_WINDOW_MS, recordStatusItems, statusBatcher, type FullResponse } from './direct-statuses.ts';
import type { BatchWriter } from './group-commit.ts';
import { handleNotification, handleVerification, type TriggerItem, type WebhookSecrets } from './handle-webhook.ts';

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
		credentials: [
			{ name: WHATSAPP_CLOUD_CREDENTIAL, required: true },
			// Optional: with it, delivery statuses are recorded in Directus without a workflow run.
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
			{
				displayName: 'Status Batch Window (Ms)',
				name: 'statusBatchWindowMs',
				type: 'number',
				default: DEFAULT_BATCH_WINDOW_MS,
				typeOptions: { minValue: 0, maxValue: 1000 },
				displayOptions: { show: { recordStatusesDirectly: [true] } },
				description: 'Status dari webhook yang datang dalam selang ini digabung menjadi satu penulisan ke Directus. Webhook menunggu sampai statusnya tercatat sebelum menjawab Meta.',
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

		let items = decision.items;
		if (decision.status === 200 && items.some((i) => i.kind === 'status')) items = await recordStatusesDirectly(this, items);

		res.status(decision.status).type(decision.contentType).send(decision.body).end();
		// No workflowData: n8n starts no execution. The answer was sent above, so
		// n8n must not send its own (noWebhookResponse; n8n 2.35 webhook-helpers.js).
		if (items.length === 0) return { noWebhookResponse: true };
		return {
			noWebhookResponse: true,
			workflowData: [this.helpers.returnJsonArray(items as unknown as IDataObject[])],
		};
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
	const ref = ctx.getNode().credentials?.[KANAL_ADUAN_CREDENTIAL];
	if (!ref?.id || ctx.getNodeParameter('recordStatusesDirectly', true) === false) return items;
	let base: string;
	try {
		const credentials = await ctx.getCredentials(KANAL_ADUAN_CREDENTIAL);
		base = String(credentials.directusUrl || 'http://127.0.0.1:8055').replace(/\/+$/, '');
	} catch (error) {
		ctx.logger?.warn?.(`Status WhatsApp diteruskan ke alur: kredensial Kanal Aduan tidak dapat dibaca (${describeError(error)}).`);
		return items;
	}
	const windowMs = Number(ctx.getNodeParameter('statusBatchWindowMs', DEFAULT_BATCH_WINDOW_MS));
	const write: BatchWriter<StatusUpdate> = async (statuses) => {
		const res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, KANAL_ADUAN_CREDENTIAL, {
			method: 'POST',
			url: `${base}/kanal-aduan/wa-statuses`,
			body: { statuses },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 4_000,
		})) as FullResponse;
		checkStatusAnswer(res);
	};
	const outcome = await recordStatusItems(items, statusBatcher(`${ref.id}|${base}`, Number.isFinite(windowMs) ? windowMs : DEFAULT_BATCH_WINDOW_MS), write);
	if (!outcome.recorded) {
		ctx.logger?.warn?.(`${outcome.statuses} status WhatsApp diteruskan ke alur karena pencatatan langsung gagal: ${describeError(outcome.error)}`);
	}
	return outcome.items;
}
