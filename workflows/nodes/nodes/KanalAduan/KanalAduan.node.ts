import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { KANAL_ADUAN_CREDENTIAL, META_MESSENGER_CREDENTIAL, TELEGRAM_BOT_CREDENTIAL, WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { properties, route } from './router.ts';

export class KanalAduan implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kanal Aduan',
		name: 'kanalAduan',
		icon: 'file:kanal-aduan.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["resource"] + "." + $parameter["operation"]}}',
		description: 'Operasi Kanal Aduan di Directus: pesan WhatsApp warga (bot dan laporan), log pesan, warga, laporan, teks pesan',
		defaults: { name: 'Kanal Aduan' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: KANAL_ADUAN_CREDENTIAL, required: true },
			// Only recording the intake's sent replies (copy a report's attachments from Meta into Directus) and the
			// follow-up photos (upload Directus files to Meta) need WhatsApp.
			// One entry per credential type: n8n checks only the first entry of a type (getCredentials).
			{
				name: WHATSAPP_CLOUD_CREDENTIAL,
				required: true,
				displayOptions: { show: { resource: ['intake', 'notice'], operation: ['recordSent', 'photos'] } },
			},
			// Optional: copies the attachments of reports made on Telegram (media ids tg:<file_id>) through the Bot API,
			// and sends a follow-up's photos to a Telegram citizen (sendPhoto).
			{
				name: TELEGRAM_BOT_CREDENTIAL,
				required: false,
				displayOptions: { show: { resource: ['intake', 'notice'], operation: ['recordSent', 'photos'] } },
			},
			// Optional: copies the attachments of reports made on Messenger or Instagram (media ids fb:/ig:<mid>#<n>) through the Graph API,
			// and sends a follow-up's photos to a Messenger or Instagram citizen (Attachment Upload API, then the Send API).
			{
				name: META_MESSENGER_CREDENTIAL,
				required: false,
				displayOptions: { show: { resource: ['intake', 'notice'], operation: ['recordSent', 'photos'] } },
			},
		],
		properties: properties(),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
