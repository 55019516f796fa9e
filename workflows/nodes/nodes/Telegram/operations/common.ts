import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { BotContext } from '../bot-client.ts';

/** What every operation module exports; the router only knows this shape. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, ctx: BotContext): Promise<INodeExecutionData>;
}

export const show = (operation: string[]) => ({ displayOptions: { show: { operation } } });
