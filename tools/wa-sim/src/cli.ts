#!/usr/bin/env node
// Runs the WhatsApp Cloud API simulator: `npx tsx tools/wa-sim/src/cli.ts`.
// The first stdout line is `WA_API_BASE_URL=<url>` so a launcher can read it.
import { startSimulator } from './simulator.ts';

const env = process.env;

function secret(name: string, devDefault: string): string {
  const value = env[name];
  if (value) return value;
  console.error(`wa-sim: ${name} not set, using the development value '${devDefault}'`);
  return devDefault;
}

const sim = await startSimulator({
  port: Number(env.WA_SIM_PORT ?? 8090),
  host: env.WA_SIM_HOST ?? '127.0.0.1',
  accessToken: secret('WA_ACCESS_TOKEN', 'dev-wa-access-token'),
  appSecret: secret('WA_APP_SECRET', 'dev-wa-app-secret'),
  phoneNumberId: env.WA_PHONE_NUMBER_ID || '100000000000001',
  apiVersion: env.WA_API_VERSION || 'v23.0',
  ...(env.WA_WEBHOOK_URL ? { webhookUrl: env.WA_WEBHOOK_URL } : {}),
  ...(env.WA_VERIFY_TOKEN ? { verifyToken: env.WA_VERIFY_TOKEN } : {}),
  ...(env.WA_DISPLAY_PHONE_NUMBER ? { displayPhoneNumber: env.WA_DISPLAY_PHONE_NUMBER } : {}),
  statusWebhooks: env.WA_SIM_STATUS_WEBHOOKS !== 'false',
  ...(env.TELEGRAM_BOT_TOKEN ? { telegramBotToken: env.TELEGRAM_BOT_TOKEN } : {}),
  ...(env.TELEGRAM_DESK_BOT_TOKENS ? { telegramDeskBotTokens: env.TELEGRAM_DESK_BOT_TOKENS.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
  ...(env.TELEGRAM_WEBHOOK_SECRET ? { telegramSecret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
  ...(env.TELEGRAM_WEBHOOK_URL ? { telegramWebhookUrl: env.TELEGRAM_WEBHOOK_URL } : {}),
  ...(env.MESSENGER_PAGE_TOKEN ? { messengerPageToken: env.MESSENGER_PAGE_TOKEN } : {}),
  ...(env.MESSENGER_WEBHOOK_URL ? { messengerWebhookUrl: env.MESSENGER_WEBHOOK_URL } : {}),
  ...(env.MESSENGER_DESK_PAGE_TOKENS ? { messengerDeskPages: Object.fromEntries(env.MESSENGER_DESK_PAGE_TOKENS.split(',').map((pair) => pair.trim().split('=').map((part) => part.trim())).filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0] && !!pair[1])) } : {}),
  log: env.WA_SIM_QUIET === 'true' ? undefined : (line) => console.log(`[wa-sim] ${line}`),
});

console.log(`WA_API_BASE_URL=${sim.url}`);
console.log(`Simulator WhatsApp — Kanal Aduan: buka ${sim.url}/ (webhook: ${sim.config().webhookUrl ?? 'belum diatur'})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
