import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { TELEGRAM_BOT_CREDENTIAL } from '../shared/credential-names.ts';

/**
 * A Telegram bot (Bot API, or the Kanal Aduan simulator when `baseUrl` points
 * at it), plus the bots intake desks own (`deskBotTokens`; the id before ':'
 * in a token names the bot, `tg:<bot id>`). One credential holds both
 * directions: the bot tokens for sending (`${baseUrl}/bot<token>/<method>`,
 * files at `${baseUrl}/file/bot<token>/<path>`) and the one secret_token
 * (shared by all its bots) Telegram echoes in X-Telegram-Bot-Api-Secret-Token
 * on every webhook. The token is part of the URL, not a header, so there is no
 * `authenticate`: the nodes build the URL themselves.
 * https://core.telegram.org/bots/api#making-requests
 */
export class TelegramBotApi implements ICredentialType {
	name = TELEGRAM_BOT_CREDENTIAL;
	displayName = 'Telegram Bot API';
	icon = 'file:telegram.svg' as const;
	documentationUrl = 'https://core.telegram.org/bots/api';
	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token bot dari @BotFather (mis. 123456789:AAH…), atau token simulator',
		},
		{
			displayName: 'Token bot meja',
			name: 'deskBotTokens',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Token bot milik meja pengaduan (bot Telegram sendiri untuk satu meja), satu per baris atau dipisah koma. Webhook tiap bot didaftarkan (setWebhook) ke URL webhook yang sama dengan tambahan ?bot=<id bot>, mis. …/webhook/telegram?bot=7000000002, dengan Secret Token yang sama. Balasan dikirim dari bot yang dihubungi warga.',
		},
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Teks rahasia yang sama dengan secret_token pada setWebhook (1–256 karakter: huruf, angka, _ dan -). Webhook tanpa token ini ditolak; bila kosong, semua webhook ditolak.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.telegram.org',
			description: 'https://api.telegram.org untuk produksi; alamat simulator untuk demo/uji',
		},
	];

	// getMe answers 401 on a wrong token: https://core.telegram.org/bots/api#getme
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/bot{{$credentials.botToken}}/getMe',
			method: 'GET',
		},
	};
}
