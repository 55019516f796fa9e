import { describe, expect, it } from 'vitest';
import type { Steps } from '@kanal-aduan/core';
import { runStepsYielding } from './run-steps.ts';

function* counting(n: number, log: string[]): Steps<number> {
	for (let i = 0; i < n; i++) {
		log.push(`step ${i}`);
		yield;
	}
	return n;
}

describe('runStepsYielding', () => {
	it('lets the event loop run other work between slices, and returns the result', async () => {
		const log: string[] = [];
		let clock = 0;
		// Every step "takes" 10 ms: with 20 ms slices the loop gets a turn every second step.
		const now = () => (clock += 10);
		setImmediate(() => log.push('other work'));
		const { value, pauses } = await runStepsYielding(counting(6, log), 20, now);
		expect(value).toBe(6);
		expect(pauses).toBeGreaterThanOrEqual(2);
		const other = log.indexOf('other work');
		expect(other).toBeGreaterThan(0);
		expect(other).toBeLessThan(log.length - 1);
	});

	it('runs straight through while each slice is short', async () => {
		const log: string[] = [];
		const { value, pauses } = await runStepsYielding(counting(100, log), 20, () => 0);
		expect([value, pauses]).toEqual([100, 0]);
	});

	it('passes a step\'s error to the caller', async () => {
		function* failing(): Steps<void> {
			yield;
			throw new Error('rusak');
		}
		await expect(runStepsYielding(failing(), 20, () => 0)).rejects.toThrow('rusak');
	});
});
