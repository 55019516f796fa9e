import type { IExecuteFunctions } from 'n8n-workflow';

// A node parameter that only names a field of the incoming item, such as
// `={{ $json.reply }}` or `={{ $json.media ?? [] }}`, means the same value
// wherever it is read: the field itself. n8n evaluates every expression,
// however plain, in its expression engine, once per item and parameter; in
// the production topology's workers that is a V8 isolate call each, and
// profiled on the intake's hot path (a reply sent, recorded and marked read:
// ten such parameters per reply) it was half of the worker's CPU. These
// parameters are read straight from the item instead. Anything else (another
// node's item, a function, a sum, an access n8n would refuse) still goes to
// n8n, so a flow an admin changes behaves as n8n says it does.

/** `={{ $json.a.b }}`, `={{ $json?.a?.b }}`, optionally `?? ''`, `?? ""`, `?? []`, `?? null` or `?? 0`. */
const FIELD_REFERENCE = /^=\{\{\s*\$json((?:\??\.[A-Za-z_$][\w$]*)+)\s*(?:\?\?\s*(''|""|\[\]|null|0))?\s*\}\}$/;

const FALLBACKS: Record<string, () => unknown> = { "''": () => '', '""': () => '', '[]': () => [], null: () => null, '0': () => 0 };

/** The field `expression` names, read from `json`; `resolved: false` for anything else, which n8n evaluates. */
export function readFieldReference(expression: string, json: unknown): { resolved: true; value: unknown } | { resolved: false } {
	const match = FIELD_REFERENCE.exec(expression);
	if (!match) return { resolved: false };
	const steps = match[1]!.match(/\??\.[A-Za-z_$][\w$]*/g)!;
	let value: unknown = json;
	for (const step of steps) {
		const optional = step.startsWith('?');
		const key = step.slice(optional ? 2 : 1);
		if (value === null || value === undefined) {
			// `a.b` on nothing throws in JavaScript: n8n reports that itself.
			if (!optional) return { resolved: false };
			value = undefined;
			break;
		}
		// Own fields of plain data only: a string's length, a prototype's member (toString) are n8n's to judge.
		if (typeof value !== 'object') return { resolved: false };
		if (!Object.prototype.hasOwnProperty.call(value, key)) {
			if (key in value) return { resolved: false };
			value = undefined;
			continue;
		}
		value = (value as Record<string, unknown>)[key];
	}
	const fallback = match[2];
	if ((value === null || value === undefined) && fallback !== undefined) return { resolved: true, value: FALLBACKS[fallback]!() };
	return { resolved: true, value };
}

/**
 * `getNodeParameter(name, i, fallback)`, with a parameter that only names a
 * field of item `i` read from the item without the expression engine.
 */
export function itemParameter(fns: IExecuteFunctions, name: string, i: number, fallback?: unknown): unknown {
	const raw = (fns.getNode().parameters as Record<string, unknown>)[name];
	if (typeof raw === 'string') {
		const found = readFieldReference(raw, fns.getInputData()[i]?.json);
		if (found.resolved) return found.value;
	}
	return fallback === undefined ? fns.getNodeParameter(name, i) : fns.getNodeParameter(name, i, fallback);
}
