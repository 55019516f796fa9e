import type { IAuthenticate, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { bearerFrom } from '../shared/bearer.ts';
import { KANAL_ADUAN_CREDENTIAL } from '../shared/credential-names.ts';

/** Directus of Kanal Aduan, reached with the "Layanan n8n" service account's static token. */
export class KanalAduanApi implements ICredentialType {
	name = KANAL_ADUAN_CREDENTIAL;
	displayName = 'Kanal Aduan (Directus)';
	icon = 'file:kanal-aduan.svg' as const;
	documentationUrl = 'https://directus.io/docs/guides/auth/tokens-cookies';
	properties: INodeProperties[] = [
		{
			displayName: 'Directus URL',
			name: 'directusUrl',
			type: 'string',
			default: 'http://127.0.0.1:8055',
			required: true,
			description: 'Alamat Directus Kanal Aduan (KANAL_DIRECTUS_URL)',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token statis akun "Layanan n8n" (KANAL_SERVICE_TOKEN)',
		},
		{
			displayName: 'Events Secret',
			name: 'eventsSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Rahasia bersama untuk memeriksa tanda tangan peristiwa dari Directus (KANAL_EVENTS_SECRET); dipakai node "Kanal Aduan Events Trigger"',
		},
	];

	// In code, not the declarative '=Bearer {{…}}' form: no expression evaluated per request (shared/bearer.ts).
	authenticate: IAuthenticate = bearerFrom('token');

	// /users/me fails with 401 on a wrong token, so it tests URL and token together.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.directusUrl.replace(/\\/+$/, "")}}',
			url: '/users/me',
			method: 'GET',
		},
	};
}
