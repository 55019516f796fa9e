// What the routing model's training and the routing suggestion both read from Directus.
import { Category, readTriageModels, RoutingRule, type TriageModels } from '@kanal-aduan/core';
import type { DirectusClient } from '../directus-client.ts';

const CATEGORY_FIELDS = ['code', 'name', 'name_en', 'description', 'keywords', 'default_agency', 'sla_policy', 'active', 'sort'];
const RULE_FIELDS = ['id', 'category', 'region', 'agency', 'priority', 'note', 'active'];

/** Active routing rules and every category, parsed as core reads them. */
export async function routingReference(directus: DirectusClient): Promise<{ rules: RoutingRule[]; categories: Category[] }> {
	const [rules, categories] = await Promise.all([
		directus.list<unknown>('routing_rules', { active: { _eq: true } }, RULE_FIELDS, -1),
		directus.list<unknown>('categories', {}, CATEGORY_FIELDS, -1),
	]);
	return { rules: rules.map((r) => RoutingRule.parse(r)), categories: categories.map((c) => Category.parse(c)) };
}

export type ActiveModel = { id: number; minConfidence: number; models: TriageModels };

// Models are large and change once a night: kept per process by id; only the newest active id is asked each time.
const loaded = new Map<number, TriageModels>();

/** The newest active routing model (triage_models), or null when none is active. */
export async function activeModel(directus: DirectusClient): Promise<ActiveModel | null> {
	const [head] = await directus.request<Array<{ id: number; min_confidence: number | null }>>('GET', '/items/triage_models', {
		filter: { active: { _eq: true } }, fields: 'id,min_confidence', sort: '-id', limit: 1,
	});
	if (!head) return null;
	let models = loaded.get(head.id);
	if (!models) {
		const [row] = await directus.list<{ model: unknown }>('triage_models', { id: { _eq: head.id } }, ['model'], 1);
		// Packed or plain (core model-codec); an older format or a body that does not read routes by the rules.
		const read = readTriageModels(row?.model ?? null);
		if (!read) return null;
		models = read;
		loaded.clear();
		loaded.set(head.id, models);
	}
	return { id: head.id, minConfidence: head.min_confidence ?? 0.6, models };
}
