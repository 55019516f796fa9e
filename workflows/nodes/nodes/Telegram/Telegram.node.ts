import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { TELEGRAM_BOT_CREDENTIAL } from '../../shared/credential-names.ts';
import { SEND_FROM_PROPERTY } from '../../shared/send-route.ts';
import { operations, route } from './router.ts';

export class Telegram implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Bot (Kanal Aduan)',
		name: 'telegramBot',
		icon: 'file:telegram.svg',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Mengirim balasan Kanal Aduan ke warga Telegram lewat Bot API (dengan coba ulang), dari bot yang dihubungi warga (bot utama atau bot meja)',
		defaults: { name: 'Kirim Telegram' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: TELEGRAM_BOT_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'sendPrepared',
				options: [{ name: 'Send Prepared Reply', value: 'sendPrepared', action: 'Send a prepared reply to a Telegram chat' }],
			},
			...Object.values(operations).flatMap((op) => op.description),
			SEND_FROM_PROPERTY,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route.call(this);
	}
}
