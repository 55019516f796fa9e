import type { IWebhookFunctions } from 'n8n-workflow';
import { storeChannelMessages } from '../../shared/store-first.ts';
import type { TelegramTriggerItem } from './handle-webhook.ts';

/** Telegram's messages stored before Telegram gets its 200 (shared/store-first.ts); null without a Kanal Aduan credential or with the option off. */
export function storeTelegramMessages(ctx: IWebhookFunctions, items: TelegramTriggerItem[]): Promise<{ stored: boolean; key: string } | null> {
	return storeChannelMessages(ctx, items, { key: 'telegram', label: 'Telegram' });
}
