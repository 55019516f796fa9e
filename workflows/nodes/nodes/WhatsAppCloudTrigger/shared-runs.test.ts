import { describe, expect, it } from 'vitest';
import { SharedRuns } from './shared-runs.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SharedRuns', () => {
	it('webhooks within the window share the first one’s run, in the order they came', async () => {
		const runs = new SharedRuns<string>({ windowMs: 40, maxItems: 10 });
		const first = runs.join(['a1']);
		await tick(5);
		const second = runs.join(['b1', 'b2']);
		const third = runs.join(['c1']);
		expect(await second).toBeNull();
		expect(await third).toBeNull();
		expect(await first).toEqual(['a1', 'b1', 'b2', 'c1']);
	});

	it('a webhook after the window starts a run of its own', async () => {
		const runs = new SharedRuns<string>({ windowMs: 10, maxItems: 10 });
		expect(await runs.join(['a'])).toEqual(['a']);
		expect(await runs.join(['b'])).toEqual(['b']);
	});

	it('a full run starts at once, and what does not fit opens the next run', async () => {
		const runs = new SharedRuns<string>({ windowMs: 10_000, maxItems: 3 });
		const started = Date.now();
		const first = runs.join(['a']);
		expect(await runs.join(['b', 'c'])).toBeNull(); // fills it: the first run starts now
		expect(await first).toEqual(['a', 'b', 'c']);
		const next = runs.join(['d', 'e']);
		const overflow = runs.join(['f', 'g']); // would not fit: closes "next" and opens its own
		expect(await next).toEqual(['d', 'e']);
		const late = runs.join(['h']); // joins the open run, which is then full
		expect(await late).toBeNull();
		expect(await overflow).toEqual(['f', 'g', 'h']);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('with no window every webhook starts its own run', async () => {
		const runs = new SharedRuns<string>({ windowMs: 0, maxItems: 10 });
		expect(await Promise.all([runs.join(['a']), runs.join(['b'])])).toEqual([['a'], ['b']]);
	});
});
