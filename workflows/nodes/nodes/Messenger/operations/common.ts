import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { SendApiContext } from '../send-api-client.ts';

/** What every operation module exports; the router only knows this shape. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, ctx: SendApiContext): Promise<INodeExecutionData>;
}

export const show = (operation: string[]) => ({ displayOptions: { show: { operation } } });
