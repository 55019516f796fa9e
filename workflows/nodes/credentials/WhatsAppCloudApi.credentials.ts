import type { IAuthenticate, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { bearerFrom } from '../shared/bearer.ts';
import { WHATSAPP_CLOUD_CREDENTIAL } from '../shared/credential-names.ts';

/**
 * WhatsApp Cloud API (Meta Graph API, or the Kanal Aduan simulator when
 * `apiBaseUrl` points at it). One credential holds both directions: the
 * send side (token, phone number id) and the webhook side (app secret for
 * X-Hub-Signature-256, verify token for the GET handshake).
 */
export class WhatsAppCloudApi implements ICredentialType {
	name = WHATSAPP_CLOUD_CREDENTIAL;
	displayName = 'WhatsApp Cloud API (Kanal Aduan)';
	icon = 'file:whatsapp.svg' as const;
	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';
	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token permanen (System User) dari Meta Business, atau token simulator',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'ID nomor WhatsApp pengirim (bukan nomor teleponnya)',
		},
		{
			displayName: 'Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'WhatsApp Business Account ID (opsional; dipakai untuk daftar template)',
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
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'App Secret aplikasi Meta, untuk memeriksa tanda tangan X-Hub-Signature-256 pada webhook',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Teks rahasia yang sama dengan isian "Verify token" di pengaturan webhook Meta',
		},
	];

	// In code, not the declarative '=Bearer {{…}}' form: no expression evaluated per request (shared/bearer.ts).
	authenticate: IAuthenticate = bearerFrom('accessToken');

	// GET /{version}/{phone-number-id} answers with the number's details when the
	// token may use it: https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '=/{{$credentials.phoneNumberId}}',
			method: 'GET',
		},
	};
}
