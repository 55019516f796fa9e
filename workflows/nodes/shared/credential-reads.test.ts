import type { IWebhookFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { alreadyRead, webhookCredentials } from './credential-reads.ts';

function ctx(workflowId: string, credentialId: string | null, values: () => Promise<Record<string, unknown>>) {
	const reads: string[] = [];
	const fns = {
		getWorkflow: () => ({ id: workflowId, name: 'Alur', active: true }),
		getNode: () => ({ id: 'node-1', name: 'Pesan WhatsApp masuk', credentials: credentialId ? { whatsAppCloudApi: { id: credentialId, name: 'WA' } } : {} }),
		getCredentials: async (type: string) => {
			reads.push(type);
			return await values();
		},
	};
	return { fns: fns as unknown as IWebhookFunctions, reads };
}

describe('webhookCredentials', () => {
	it('reads through n8n once per TTL for the same workflow, node and credential, and again after it', async () => {
		let secret = 'lama';
		const { fns, reads } = ctx('wf-a', 'c1', async () => ({ appSecret: secret }));
		let t = 1_000;
		const now = () => t;
		expect(await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, now)).toEqual({ appSecret: 'lama' });
		secret = 'baru';
		t += 9_999;
		expect(await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, now)).toEqual({ appSecret: 'lama' });
		expect(reads).toHaveLength(1);
		t += 1;
		expect(await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, now)).toEqual({ appSecret: 'baru' });
		expect(reads).toHaveLength(2);
	});

	it('reads anew when another credential is attached to the node, or for another workflow', async () => {
		const now = () => 5_000;
		const a = ctx('wf-b', 'c1', async () => ({ appSecret: 'satu' }));
		await webhookCredentials(a.fns, 'whatsAppCloudApi', 10_000, now);
		const b = ctx('wf-b', 'c2', async () => ({ appSecret: 'dua' }));
		expect(await webhookCredentials(b.fns, 'whatsAppCloudApi', 10_000, now)).toEqual({ appSecret: 'dua' });
		const c = ctx('wf-c', 'c1', async () => ({ appSecret: 'tiga' }));
		expect(await webhookCredentials(c.fns, 'whatsAppCloudApi', 10_000, now)).toEqual({ appSecret: 'tiga' });
		expect([a.reads, b.reads, c.reads].map((r) => r.length)).toEqual([1, 1, 1]);
	});

	it('keeps no failed read, and leaves a node without the credential to n8n, which says what is missing', async () => {
		let fail = true;
		const { fns, reads } = ctx('wf-d', 'c1', async () => {
			if (fail) throw new Error('Credential tidak ditemukan');
			return { appSecret: 'ok' };
		});
		await expect(webhookCredentials(fns, 'whatsAppCloudApi', 10_000, () => 0)).rejects.toThrow('Credential tidak ditemukan');
		fail = false;
		expect(await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, () => 0)).toEqual({ appSecret: 'ok' });
		expect(reads).toHaveLength(2);
		const none = ctx('wf-e', null, async () => {
			throw new Error('Node does not have any credentials set for "whatsAppCloudApi"');
		});
		await expect(webhookCredentials(none.fns, 'whatsAppCloudApi')).rejects.toThrow('does not have any credentials');
	});

	it('hands each caller its own copy', async () => {
		const { fns } = ctx('wf-f', 'c1', async () => ({ appSecret: 'x' }));
		const first = await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, () => 0);
		first.appSecret = 'diubah';
		expect(await webhookCredentials(fns, 'whatsAppCloudApi', 10_000, () => 0)).toEqual({ appSecret: 'x' });
	});
});

describe('alreadyRead', () => {
	it('names the node\'s credential and carries the values the node read, for httpRequestWithAuthentication', () => {
		const { fns } = ctx('wf-g', 'c9', async () => ({}));
		expect(alreadyRead(fns as never, 'whatsAppCloudApi', { accessToken: 't' })).toEqual({
			credentialsDecrypted: { id: 'c9', name: 'WA', type: 'whatsAppCloudApi', data: { accessToken: 't' } },
		});
	});
});
