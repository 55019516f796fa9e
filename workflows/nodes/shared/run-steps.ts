// Drives a core computation given in steps (core `Steps`) without holding the
// event loop: n8n's queue worker renews its job's lock, answers its health
// check and runs other jobs on the same loop, so a long training pauses every
// `sliceMs` to let them run.
import type { Steps } from '@kanal-aduan/core';

export const DEFAULT_SLICE_MS = 20;

export async function runStepsYielding<T>(steps: Steps<T>, sliceMs = DEFAULT_SLICE_MS, now: () => number = Date.now): Promise<{ value: T; pauses: number }> {
	let pauses = 0;
	let sliceStart = now();
	for (;;) {
		const s = steps.next();
		if (s.done) return { value: s.value, pauses };
		if (now() - sliceStart >= sliceMs) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			pauses++;
			sliceStart = now();
		}
	}
}
