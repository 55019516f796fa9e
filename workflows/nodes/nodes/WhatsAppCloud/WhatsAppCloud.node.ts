import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { WHATSAPP_CLOUD_CREDENTIAL } from '../../shared/credential-names.ts';
import { INCLUDE_INPUT_FIELDS_PROPERTY } from '../../shared/send-route.ts';
import { operations, route } from './router.ts';

export class WhatsAppCloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud (Kanal Aduan)',
		name: 'whatsAppCloud',
		icon: 'file:whatsapp.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Mengirim pesan WhatsApp lewat Cloud API (dengan coba ulang dan template cadangan)',
		defaults: { name: 'Kirim WhatsApp' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: WHATSAPP_CLOUD_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'sendText',
				options: [
					{ name: 'Send Text', value: 'sendText', action: 'Send a text message' },
					{ name: 'Send Buttons', value: 'sendButtons', action: 'Send up to 3 reply buttons' },
					{ name: 'Send List', value: 'sendList', action: 'Send a list of up to 10 rows' },
					{ name: 'Send Template', value: 'sendTemplate', action: 'Send an approved template' },
					{ name: 'Send Image', value: 'sendImage', action: 'Upload an image and send it' },
					{ name: 'Send Prepared Message', value: 'sendPrepared', action: 'Send a ready Cloud API message body' },
					{ name: 'Mark as Read', value: 'markAsRead', action: 'Mark an inbound message as read' },
					{ name: 'Download Media', value: 'downloadMedia', action: 'Download media by ID' },
				],
			},
			...Object.values(operations).flatMap((op) => op.description),
			{
				displayName: 'Send From (Phone Number ID)',
				name: 'phoneNumberId',
				type: 'string',
				default: '',
				description:
					'ID nomor WhatsApp (phone_number_id) pengirim: nomor yang ditulis warga, mis. nomor meja kecamatan (`{{ $json.phoneNumberId }}` dari Kanal Aduan). Kosongkan untuk nomor pada kredensial.',
				displayOptions: { hide: { operation: ['downloadMedia'] } },
			},
			INCLUDE_INPUT_FIELDS_PROPERTY,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
