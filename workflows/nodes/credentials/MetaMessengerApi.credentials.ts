import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { META_MESSENGER_CREDENTIAL } from '../shared/credential-names.ts';

/**
 * A Facebook Page (Messenger) and, when linked, its Instagram professional
 * account, reached through the Graph API (or the Kanal Aduan simulator when
 * `apiBaseUrl` points at it). One credential holds both directions: the Page
 * access token for the Send API (POST {apiBaseUrl}/{apiVersion}/me/messages,
 * sent as a bearer header), and the app secret and verify token the webhook
 * checks (X-Hub-Signature-256, the GET handshake). Intake desks that own a
 * Page or an Instagram account of their own list its token in `deskPageTokens`
 * (the same app, hence the same secret and webhook, serves them all): a reply
 * goes out with the token of the account the citizen wrote to.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api
 * https://developers.facebook.com/docs/messenger-platform/webhooks
 */
export class MetaMessengerApi implements ICredentialType {
	name = META_MESSENGER_CREDENTIAL;
	displayName = 'Meta Messenger API (Facebook & Instagram)';
	icon = 'file:messenger.svg' as const;
	documentationUrl = 'https://developers.facebook.com/docs/messenger-platform';
	properties: INodeProperties[] = [
		{
			displayName: 'Page Access Token',
			name: 'pageAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token akses Halaman Facebook (izin pages_messaging; untuk Instagram juga instagram_manage_messages), atau token simulator',
		},
		{
			displayName: 'Token halaman meja',
			name: 'deskPageTokens',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			description:
				'Token Halaman Facebook / akun Instagram milik meja pengaduan sendiri, satu per baris (atau dipisah koma): fb:<ID halaman>=<token> atau ig:<ID akun Instagram>=<token>. Aplikasi Meta dan webhook yang sama melayani semuanya. Balasan dikirim dengan token akun yang dihubungi warga; akun yang tidak tercantum memakai Page Access Token di atas.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'App Secret aplikasi Meta, untuk memeriksa tanda tangan X-Hub-Signature-256 setiap webhook. Bila kosong, semua webhook ditolak.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Teks bebas yang sama dengan "Verify token" saat mendaftarkan Callback URL webhook di Meta',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'https://graph.facebook.com untuk produksi; alamat simulator untuk demo/uji',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v23.0',
			description: 'Versi Graph API, mis. v23.0',
		},
	];

	// GET /me with the page token answers the page; a wrong token answers 190 (OAuthException).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl.replace(/\\/+$/, "")}}',
			url: '=/{{$credentials.apiVersion}}/me',
			method: 'GET',
			headers: { Authorization: '=Bearer {{$credentials.pageAccessToken}}' },
		},
	};
}
