import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { FaultQueue } from './faults.ts';
import { readBody } from './http-util.ts';
import { MediaStore } from './media-store.ts';
import { MessageLog } from './message-log.ts';
import type { Delivery } from './webhook-sender.ts';
import type { Business } from './webhook-payload.ts';
import { createTelegramState, resetTelegramState, type TelegramState } from './telegram.ts';
import { createMessengerState, resetMessengerState, type MessengerState } from './messenger.ts';

export type SimulatorOptions = {
  /** 0 picks a free port. Default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token the bot must send to the fake Graph API. */
  accessToken: string;
  /** Default '100000000000001'. */
  phoneNumberId?: string;
  /** Signs webhooks (X-Hub-Signature-256). */
  appSecret: string;
  /** Where inbound and status webhooks go; can be set later via POST /sim/config. */
  webhookUrl?: string;
  /** Token for the GET verification handshake (GET /sim/verify-webhook). */
  verifyToken?: string;
  /** Default 'v23.0'; any vNN.N in a path is accepted, as Meta serves several versions. */
  apiVersion?: string;
  /** The business number shown in webhook metadata. Default '15550000001'. */
  displayPhoneNumber?: string;
  /**
   * More business numbers of the same account (an intake desk's own number): citizens may write
   * to each (`to_phone_number_id` on /sim/inbound) and the bot may send from each.
   */
  extraNumbers?: Array<{ phoneNumberId: string; displayPhoneNumber: string }>;
  /** WhatsApp Business Account id (`entry[].id`). Default '200000000000001'. */
  wabaId?: string;
  /** Post sent/delivered status webhooks after each accepted message. Default true. */
  statusWebhooks?: boolean;
  /** Pause before the status webhooks (Meta's come shortly after the send). Default 50 ms. */
  statusDelayMs?: number;
  /** Refuse free-form messages (131047) to numbers that have not written in the last 24 h. Default false. */
  enforceWindow?: boolean;
  /** Telegram Bot API token the bot must use (`/bot<token>/…`); without it the fake Bot API refuses every call. */
  telegramBotToken?: string;
  /** Intake desks' own bots (`tg:<bot id>`, the id before ':'): the fake Bot API takes each token too, and `bot` on /sim/telegram/inbound writes to one. */
  telegramDeskBotTokens?: string[];
  /** Sent as `X-Telegram-Bot-Api-Secret-Token` with every Telegram update (setWebhook's secret_token). */
  telegramSecret?: string;
  /** Where Telegram updates go, e.g. `${KANAL_N8N_URL}/webhook/telegram`; can be set later via POST /sim/config. */
  telegramWebhookUrl?: string;
  /** Page access token the bot must send (bearer) to the fake Send API (`POST /:version/me/messages`); none: every call refused. */
  messengerPageToken?: string;
  /** The Facebook Page's id (`entry[].id` of `object: page`). Default '300000000000001'. */
  messengerPageId?: string;
  /** The Instagram professional account's id (`entry[].id` of `object: instagram`). Default '178400000000001'. */
  instagramAccountId?: string;
  /**
   * Intake desks' own Facebook Pages / Instagram accounts: account key (`fb:<page id>`, `ig:<account id>`)
   * → its page token. Citizens may write to each (`page` on /sim/messenger/inbound), and the fake Send
   * API takes each token besides `messengerPageToken`, logging the account that sent.
   */
  messengerDeskPages?: Record<string, string>;
  /** Where Messenger and Instagram webhooks go (signed with `appSecret`), e.g. `${KANAL_N8N_URL}/webhook/messenger`. */
  messengerWebhookUrl?: string;
  /** One line per request-worthy event; default silent. */
  log?: (line: string) => void;
};

export type SimConfig = {
  webhookUrl: string | null;
  statusWebhooks: boolean;
  statusDelayMs: number;
  enforceWindow: boolean;
  telegramWebhookUrl: string | null;
  messengerWebhookUrl: string | null;
};


/** A Meta-looking message id: 'wamid.' + base64. */
export function newWamid(): string {
  return `wamid.HBgN${randomBytes(27).toString('base64')}`;
}

/** A refusal of the `/sim` control API: answered as `{ error: { code, message } }`. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw.toString('utf8') || 'null');
  } catch {
    throw new SimError(400, 'SIM.INVALID_JSON', 'Body bukan JSON yang valid.');
  }
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SimError(400, 'SIM.INVALID_REQUEST', z.prettifyError(parsed.error));
  return parsed.data;
}

/** Everything one simulator remembers; the Graph API, the control API and the webhook poster share it. */
export type SimState = {
  options: SimulatorOptions;
  business: Business;
  /** Every business number: `business` first, then the extra ones. */
  numbers: Business[];
  config: SimConfig;
  log: (line: string) => void;
  messages: MessageLog;
  media: MediaStore;
  faults: FaultQueue;
  /** Exact bytes and signature of each inbound webhook, for `/sim/replay`. */
  inboundBodies: Map<string, { raw: string; signature: string }>;
  /** When each citizen last wrote (the 24-hour window). */
  lastInbound: Map<string, Date>;
  conversationIds: Map<string, string>;
  readReceipts: Array<{ message_id: string; at: string }>;
  /** The last 1000 webhook posts. */
  deliveries: Delivery[];
  deliverySeq: number;
  /** Status webhooks not posted yet (each message's run on their own timer). */
  pendingStatuses: Set<Promise<void>>;
  closed: boolean;
  /** The port listened on (0 until the server is up). */
  port: number;
  telegram: TelegramState;
  messenger: MessengerState;
};

export function createState(options: SimulatorOptions): SimState {
  const business: Business = {
    wabaId: options.wabaId ?? '200000000000001',
    phoneNumberId: options.phoneNumberId ?? '100000000000001',
    displayPhoneNumber: options.displayPhoneNumber ?? '15550000001',
  };
  const extra = (options.extraNumbers ?? []).filter((n) => n.phoneNumberId !== business.phoneNumberId).map((n) => ({ ...n, wabaId: business.wabaId }));
  return {
    options,
    business,
    numbers: [business, ...extra],
    config: {
      webhookUrl: options.webhookUrl ?? null,
      statusWebhooks: options.statusWebhooks ?? true,
      statusDelayMs: options.statusDelayMs ?? 50,
      enforceWindow: options.enforceWindow ?? false,
      telegramWebhookUrl: options.telegramWebhookUrl ?? null,
      messengerWebhookUrl: options.messengerWebhookUrl ?? null,
    },
    log: options.log ?? (() => {}),
    messages: new MessageLog(),
    media: new MediaStore(),
    faults: new FaultQueue(),
    inboundBodies: new Map(),
    lastInbound: new Map(),
    conversationIds: new Map(),
    readReceipts: [],
    deliveries: [],
    deliverySeq: 0,
    pendingStatuses: new Set(),
    closed: false,
    port: 0,
    telegram: createTelegramState(),
    messenger: createMessengerState(),
  };
}

/** Forget messages, media, faults and deliveries (config is kept). */
export function resetState(state: SimState): void {
  state.messages.clear();
  state.media.clear();
  state.faults.clear();
  state.inboundBodies.clear();
  state.lastInbound.clear();
  state.conversationIds.clear();
  state.readReceipts.length = 0;
  state.deliveries.length = 0;
  resetTelegramState(state.telegram);
  resetMessengerState(state.messenger);
}
