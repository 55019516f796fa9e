import { describe, expect, it } from 'vitest';
import { fakeDirectus } from '../../__tests__/helpers.ts';
import { DirectusClient } from './directus-client.ts';
import { withConversationLock } from './operations/conversation-lock.ts';

/** A DirectusClient over the in-memory Directus (items API + our lock endpoint). */
function clientOver(handler: ReturnType<typeof fakeDirectus>['handler']) {
	return new DirectusClient(
		'http://directus.test',
		async (req) => ({ headers: {}, ...(await handler({ url: req.url, method: req.method, body: req.body } as never, 0)) }),
		async () => {},
	);
}

describe('withConversationLock (two n8n workers, one citizen)', () => {
	it('the second worker waits until the first has saved, so neither overwrites the other', async () => {
		const directus = fakeDirectus();
		const client = clientOver(directus.handler);
		const order: string[] = [];
		let releaseFirst!: () => void;
		const firstMayFinish = new Promise<void>((r) => (releaseFirst = r));

		const first = withConversationLock(client, '6281100000001', async () => {
			order.push('first:start');
			await firstMayFinish;
			order.push('first:end');
		});
		// Let the first take the lock before the second asks.
		await new Promise((r) => setTimeout(r, 5));
		const second = withConversationLock(
			client,
			'6281100000001',
			async () => {
				order.push('second:start');
			},
			{ sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))) },
		);
		await new Promise((r) => setTimeout(r, 30));
		expect(order).toEqual(['first:start']);
		releaseFirst();
		await Promise.all([first, second]);
		expect(order).toEqual(['first:start', 'first:end', 'second:start']);
		expect(directus.lockLog[0]).toBe('lock 6281100000001');
		expect(directus.lockLog).toContain('busy 6281100000001');
		expect(directus.locks.size).toBe(0);
	});

	it('releases the lock when the step fails, and the failure reaches the caller', async () => {
		const directus = fakeDirectus();
		const client = clientOver(directus.handler);
		await expect(withConversationLock(client, '6281100000002', async () => { throw new Error('Directus menolak'); })).rejects.toThrow('Directus menolak');
		expect(directus.locks.size).toBe(0);
	});

	it('goes on without the lock, with a warning, when another worker holds it too long', async () => {
		const directus = fakeDirectus();
		directus.locks.set('6281100000003', 'stuck-worker');
		const client = clientOver(directus.handler);
		const warnings: string[] = [];
		let clock = 0;
		const ran = await withConversationLock(client, '6281100000003', async () => 'dijawab', {
			maxWaitMs: 1_000,
			now: () => clock,
			sleep: async (ms) => { clock += ms; },
			warn: (m) => warnings.push(m),
		});
		expect(ran).toBe('dijawab');
		expect(warnings.join('\n')).toMatch(/masih dikunci proses lain setelah 1 detik/);
		expect(directus.locks.get('6281100000003')).toBe('stuck-worker');
	});

	it('works without the lock endpoint (an older bundle), with a warning', async () => {
		const warnings: string[] = [];
		const client = new DirectusClient('http://directus.test', async () => ({ statusCode: 404, headers: {}, body: { errors: [{ message: 'Route not found', extensions: { code: 'ROUTE_NOT_FOUND' } }] } }), async () => {});
		expect(await withConversationLock(client, '6281100000004', async () => 7, { warn: (m) => warnings.push(m) })).toBe(7);
		expect(warnings[0]).toMatch(/tanpa kunci/);
		// The log keeps which conversation (last digits), never the citizen's whole number.
		expect(warnings[0]).toContain('…0004');
		expect(warnings.join('\n')).not.toContain('6281100000004');
	});
});

describe('lockKey', () => {
	it('keeps a wa_id and folds a business-scoped user id into 20 digits no wa_id can have', async () => {
		const { lockKey } = await import('./operations/conversation-lock.ts');
		expect(lockKey('6281234567890')).toBe('6281234567890');
		const key = lockKey('ID.1502576394655843');
		expect(key).toMatch(/^\d{20}$/);
		expect(lockKey('ID.1502576394655843')).toBe(key);
		expect(lockKey('ID.1502576394655844')).not.toBe(key);
	});
});
