// What every shipped flow must hold whatever it does: n8n keys a node by its
// id in the canvas and by its name in connections, so a copy-pasted node that
// keeps its twin's id or name silently breaks editing or wiring.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const flows = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe.each(flows)('%s', (file) => {
	const flow = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { nodes: Array<{ id: string; name: string }> };
	const twins = (key: 'id' | 'name') => {
		const seen = new Map<string, string[]>();
		for (const n of flow.nodes) seen.set(n[key], [...(seen.get(n[key]) ?? []), n.name]);
		return [...seen].filter(([, names]) => names.length > 1);
	};

	it('gives every node its own id and its own name', () => {
		expect(flow.nodes.length).toBeGreaterThan(0);
		expect(twins('id')).toEqual([]);
		expect(twins('name')).toEqual([]);
	});
});
