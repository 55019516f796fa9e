import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { META_MESSENGER_CREDENTIAL } from '../../shared/credential-names.ts';
import { SEND_FROM_PROPERTY } from '../../shared/send-route.ts';
import { operations, route } from './router.ts';

export class Messenger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Messenger (Kanal Aduan)',
		name: 'messengerSend',
		icon: 'file:messenger.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Mengirim balasan Kanal Aduan ke warga Facebook Messenger dan Instagram Direct lewat Send API (dengan tag pesan di luar 24 jam, dan coba ulang), dari Halaman atau akun Instagram yang dihubungi warga bila tokennya tercantum di kredensial (Token halaman meja)',
		defaults: { name: 'Kirim Messenger/Instagram' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: META_MESSENGER_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'sendPrepared',
				options: [{ name: 'Send Prepared Reply', value: 'sendPrepared', action: 'Send a prepared reply to a Messenger or Instagram user' }],
			},
			...Object.values(operations).flatMap((op) => op.description),
			SEND_FROM_PROPERTY,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
