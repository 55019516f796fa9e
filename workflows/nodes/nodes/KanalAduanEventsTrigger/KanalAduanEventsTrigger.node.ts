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
import { KANAL_ADUAN_CREDENTIAL } from '../../shared/credential-names.ts';
import { handleEvent, receiptDecision, type ReceiptAnswer } from './handle-event.ts';
import { alreadyRead, webhookCredentials } from '../../shared/credential-reads.ts';

const webhookPath = webhookDescriptionFields({ path: fromParameter('path', 'kanal-aduan-events') });

/** Starts one run per signed report event Directus sends (verified, status changed, follow-up posted); a repeated event id starts none. */
export class KanalAduanEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kanal Aduan Events Trigger',
		name: 'kanalAduanEventsTrigger',
		icon: 'file:kanal-aduan.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description: 'Menerima peristiwa laporan dari Directus (tanda tangan X-Kanal-Signature diperiksa)',
		defaults: { name: 'Peristiwa laporan' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: KANAL_ADUAN_CREDENTIAL, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', isFullPath: true, ...webhookPath }],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'kanal-aduan-events',
				required: true,
				description: 'Alamat webhook: <n8n>/webhook/<path>. Directus mengirim ke KANAL_N8N_URL/webhook/kanal-aduan-events.',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await webhookCredentials(this, KANAL_ADUAN_CREDENTIAL);
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		// n8n keeps the unparsed bytes on req.rawBody (middlewares/body-parser in n8n 2.35).
		if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
		const decision = handleEvent({ headers: this.getHeaderData(), rawBody: req.rawBody, body: this.getBodyData() }, String(credentials.eventsSecret ?? ''));
		if (!decision.event) {
			res.status(decision.status).type('application/json').send(JSON.stringify(decision.body)).end();
			return { noWebhookResponse: true };
		}
		// Once only: Directus's outbox may deliver an event twice; its id is recorded there before the run starts.
		if (decision.event.id) {
			let answer: ReceiptAnswer = null;
			try {
				const base = String(credentials.directusUrl || 'http://127.0.0.1:8055').replace(/\/+$/, '');
				answer = (await this.helpers.httpRequestWithAuthentication.call(this, KANAL_ADUAN_CREDENTIAL, {
					method: 'POST',
					url: `${base}/kanal-aduan/events/${encodeURIComponent(decision.event.id)}/receipt`,
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: 3_000,
				}, alreadyRead(this, KANAL_ADUAN_CREDENTIAL, credentials))) as ReceiptAnswer;
			} catch {
				answer = null;
			}
			const next = receiptDecision(answer);
			if (next === 'retry') {
				res.status(503).type('application/json').send(JSON.stringify({ error: 'Penerimaan peristiwa belum dapat dicatat di Directus; kirim ulang nanti.' })).end();
				return { noWebhookResponse: true };
			}
			if (next === 'duplicate') {
				res.status(200).type('application/json').send(JSON.stringify({ ok: true, duplicate: true })).end();
				return { noWebhookResponse: true };
			}
		}
		res.status(decision.status).type('application/json').send(JSON.stringify(decision.body)).end();
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([decision.event as unknown as IDataObject])] };
	}
}
