import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { DirectusClient } from '../directus-client.ts';

/** What every operation module exports; the router dispatches on `resource.operation`. */
export interface Operation {
	resource: string;
	operation: string;
	/** Option shown in the operation dropdown of its resource. */
	option: { name: string; value: string; action: string; description?: string };
	description: INodeProperties[];
	/** One item per input item, or several (e.g. one per reply to send), or none. */
	execute(this: IExecuteFunctions, itemIndex: number, directus: DirectusClient): Promise<INodeExecutionData | INodeExecutionData[]>;
	/** Set by operations that take all input items in one call (e.g. one Directus request per execution); the router then skips execute. */
	executeAll?(this: IExecuteFunctions, directus: DirectusClient): Promise<INodeExecutionData[]>;
}

export const show = (resource: string, operation: string) => ({ displayOptions: { show: { resource: [resource], operation: [operation] } } });

/**
 * Operations add their result under one key and pass the item's json through,
 * so later nodes in a flow can read `$json.citizen`, `$json.complaint`, … side by side.
 */
export function passThrough(this: IExecuteFunctions, i: number, added: IDataObject): INodeExecutionData {
	const input = this.getInputData()[i]?.json ?? {};
	return { json: { ...input, ...added }, pairedItem: { item: i } };
}

export const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v)).trim();
