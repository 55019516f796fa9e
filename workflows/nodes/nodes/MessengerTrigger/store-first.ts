import type { IWebhookFunctions } from 'n8n-workflow';
import { storeChannelMessages } from '../../shared/store-first.ts';
import type { MessengerTriggerItem } from './handle-webhook.ts';

/** Messenger's and Instagram's messages stored before Meta gets its 200 (shared/store-first.ts); null without a Kanal Aduan credential or with the option off. */
export function storeMessengerMessages(ctx: IWebhookFunctions, items: MessengerTriggerItem[]): Promise<{ stored: boolean; key: string } | null> {
	return storeChannelMessages(ctx, items, { key: 'messenger', label: 'Messenger/Instagram' });
}
