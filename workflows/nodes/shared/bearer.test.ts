import type { IHttpRequestOptions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { KanalAduanApi } from '../credentials/KanalAduanApi.credentials.ts';
import { WhatsAppCloudApi } from '../credentials/WhatsAppCloudApi.credentials.ts';
import { bearerFrom } from './bearer.ts';

describe('bearerFrom', () => {
	it("sets Authorization from the credential's field and keeps the request's other headers", async () => {
		const request: IHttpRequestOptions = { url: 'http://x/y', headers: { 'content-type': 'application/json' } };
		const out = await bearerFrom('token')({ token: 's3cret' }, request);
		expect(out.headers).toEqual({ 'content-type': 'application/json', Authorization: 'Bearer s3cret' });
		expect(out.url).toBe('http://x/y');
		// The caller's options are not changed (n8n reuses them for retries).
		expect(request.headers).toEqual({ 'content-type': 'application/json' });
	});

	it('each credential authenticates with its own token field, in code', async () => {
		const kanal = new KanalAduanApi().authenticate;
		const wa = new WhatsAppCloudApi().authenticate;
		expect(typeof kanal).toBe('function');
		expect(typeof wa).toBe('function');
		if (typeof kanal !== 'function' || typeof wa !== 'function') return;
		expect((await kanal({ token: 'svc', accessToken: 'no' }, { url: '/' })).headers).toEqual({ Authorization: 'Bearer svc' });
		expect((await wa({ token: 'no', accessToken: 'EAAG' }, { url: '/' })).headers).toEqual({ Authorization: 'Bearer EAAG' });
	});
});
