import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StackConfig } from '../../scripts/stack/config.ts';
import { slaScanAuthorization as stackSlaScanAuthorization, stackCredentials } from '../../scripts/stack/n8n.ts';
import {
  DIRECTUS_CREDENTIAL_ID,
  SLA_SCAN_CREDENTIAL_ID,
  MESSENGER_CREDENTIAL_ID,
  TELEGRAM_CREDENTIAL_ID,
  WHATSAPP_CREDENTIAL_ID,
  bcryptHash,
  credentialsFromEnv,
  flowIds,
  withOwnerEnv,
} from '../../docker/n8n-entrypoint.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const N8N_PKG = join(ROOT, 'runtime/n8n/node_modules/n8n/package.json');

const env = {
  WA_ACCESS_TOKEN: 'tok',
  WA_PHONE_NUMBER_ID: '123',
  WA_APP_SECRET: 'app-secret',
  WA_VERIFY_TOKEN: 'verify',
  KANAL_SERVICE_TOKEN: 'svc',
  KANAL_EVENTS_SECRET: 'events-secret',
};

describe('docker/n8n-entrypoint.mjs', () => {
  it('makes every credential the shipped workflows reference, by id, name and type', () => {
    const made = credentialsFromEnv(env).map(({ id, name, type }) => ({ id, name, type }));
    const dir = join(ROOT, 'workflows/flows');
    const refs = readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => {
      const flow = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: { credentials?: Record<string, { id: string; name: string }> }[] };
      return flow.nodes.flatMap((n) => Object.entries(n.credentials ?? {}).map(([type, { id, name }]) => ({ id, name, type })));
    });
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(made, JSON.stringify(ref)).toContainEqual(ref);
    expect(made.map((c) => c.id)).toEqual([WHATSAPP_CREDENTIAL_ID, DIRECTUS_CREDENTIAL_ID, TELEGRAM_CREDENTIAL_ID, MESSENGER_CREDENTIAL_ID, SLA_SCAN_CREDENTIAL_ID]);
  });

  it('is the one writer of the credentials: npm start fills it with the stack\'s secrets and local URLs', () => {
    const secrets = { waAccessToken: 'tok', waPhoneNumberId: '123', waAppSecret: 'app-secret', waVerifyToken: 'verify', serviceToken: 'svc', eventsSecret: 'events-secret', telegramBotToken: '7:bot', telegramWebhookSecret: 'tg-secret', messengerPageToken: 'page-tok', telegramDeskBotToken: '8:desk', messengerDeskPageToken: 'desk-page' };
    const cfg = { host: '127.0.0.1', ports: { directus: 18055, n8n: 15678, sim: 14000 }, secrets } as unknown as StackConfig;
    const saved = { wa: process.env['WA_API_BASE_URL'], tg: process.env['TELEGRAM_API_BASE_URL'] };
    delete process.env['WA_API_BASE_URL'];
    delete process.env['TELEGRAM_API_BASE_URL'];
    try {
      const stack = stackCredentials(cfg);
      const [wa, directus, telegram, messenger, ...rest] = credentialsFromEnv(env);
      expect(stack).toEqual([
        { ...wa, data: { ...wa!.data, apiBaseUrl: expect.stringContaining(':14000') } },
        { ...directus, data: { ...directus!.data, directusUrl: expect.stringContaining(':18055') } },
        // The simulator is the local Telegram Bot API too.
        // The demo kecamatan desk's own bot, Page and Instagram account.
        { ...telegram, data: { botToken: '7:bot', secretToken: 'tg-secret', deskBotTokens: '8:desk', baseUrl: expect.stringContaining(':14000') } },
        // …and the Messenger Platform, signed with the WhatsApp app's secret (one Meta app).
        { ...messenger, data: { ...messenger!.data, pageAccessToken: 'page-tok', deskPageTokens: 'fb:300000000000002=desk-page\nig:178400000000002=desk-page', apiBaseUrl: expect.stringContaining(':14000') } },
        ...rest,
      ]);
    } finally {
      if (saved.wa !== undefined) process.env['WA_API_BASE_URL'] = saved.wa;
      if (saved.tg !== undefined) process.env['TELEGRAM_API_BASE_URL'] = saved.tg;
    }
  });

  it('guards the manual SLA scan webhook with a header derived from the events secret, as npm start does', () => {
    const scan = credentialsFromEnv(env).find((c) => c.id === SLA_SCAN_CREDENTIAL_ID)!;
    expect(scan).toMatchObject({ type: 'httpHeaderAuth', data: { name: 'Authorization', value: stackSlaScanAuthorization('events-secret') } });
    expect(scan.data['value']).toMatch(/^Bearer [0-9a-f]{64}$/);
    expect(scan.data['value']).not.toContain('events-secret');
  });

  it('fills the credentials from env, with Meta and the compose Directus as defaults', () => {
    const [wa, directus] = credentialsFromEnv(env);
    expect(wa).toMatchObject({
      id: WHATSAPP_CREDENTIAL_ID,
      type: 'whatsAppCloudApi',
      data: { accessToken: 'tok', phoneNumberId: '123', appSecret: 'app-secret', verifyToken: 'verify', apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v23.0' },
    });
    expect(directus).toMatchObject({ id: DIRECTUS_CREDENTIAL_ID, type: 'kanalAduanApi', data: { directusUrl: 'http://directus-proxy:8055', token: 'svc', eventsSecret: 'events-secret' } });
  });

  it('makes the Telegram credential empty when no bot is configured (the trigger then refuses every update)', () => {
    const telegram = credentialsFromEnv(env).find((c) => c.id === TELEGRAM_CREDENTIAL_ID)!;
    expect(telegram).toMatchObject({ type: 'telegramBotApi', data: { botToken: '', secretToken: '', baseUrl: 'https://api.telegram.org' } });
    const set = credentialsFromEnv({ ...env, TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_SECRET: 's3cret' }).find((c) => c.id === TELEGRAM_CREDENTIAL_ID)!;
    expect(set.data).toMatchObject({ botToken: '1:abc', secretToken: 's3cret' });
  });

  it('makes the Messenger credential from the WhatsApp app unless told otherwise', () => {
    const messenger = credentialsFromEnv(env).find((c) => c.id === MESSENGER_CREDENTIAL_ID)!;
    expect(messenger).toMatchObject({ type: 'metaMessengerApi', data: { pageAccessToken: '', appSecret: 'app-secret', verifyToken: 'verify', apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v23.0' } });
    const own = credentialsFromEnv({ ...env, MESSENGER_PAGE_TOKEN: 'p', MESSENGER_APP_SECRET: 'fb-secret', MESSENGER_VERIFY_TOKEN: 'fb-verify' }).find((c) => c.id === MESSENGER_CREDENTIAL_ID)!;
    expect(own.data).toMatchObject({ pageAccessToken: 'p', appSecret: 'fb-secret', verifyToken: 'fb-verify' });
  });

  it('gives the desks\' own bots and pages to the credentials, one per line', () => {
    const none = credentialsFromEnv(env);
    expect(none.find((c) => c.id === TELEGRAM_CREDENTIAL_ID)!.data).toMatchObject({ deskBotTokens: '' });
    expect(none.find((c) => c.id === MESSENGER_CREDENTIAL_ID)!.data).toMatchObject({ deskPageTokens: '' });
    const set = credentialsFromEnv({ ...env, TELEGRAM_DESK_BOT_TOKENS: '2:abc, 3:def', MESSENGER_DESK_PAGE_TOKENS: 'fb:31=tokA,ig:178=tokA,' });
    expect(set.find((c) => c.id === TELEGRAM_CREDENTIAL_ID)!.data).toMatchObject({ deskBotTokens: '2:abc\n3:def' });
    expect(set.find((c) => c.id === MESSENGER_CREDENTIAL_ID)!.data).toMatchObject({ deskPageTokens: 'fb:31=tokA\nig:178=tokA' });
  });

  it('refuses to import credentials with a secret missing', () => {
    expect(() => credentialsFromEnv({ ...env, WA_APP_SECRET: '' })).toThrow(/WA_APP_SECRET/);
  });

  it('turns N8N_OWNER_PASSWORD into n8n\'s env-managed owner', () => {
    const out = withOwnerEnv({ N8N_OWNER_EMAIL: 'a@b.id', N8N_OWNER_PASSWORD: 'rahasia' }, (p) => `hash(${p})`);
    expect(out).toMatchObject({
      N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
      N8N_INSTANCE_OWNER_EMAIL: 'a@b.id',
      N8N_INSTANCE_OWNER_PASSWORD_HASH: 'hash(rahasia)',
    });
    const given = { N8N_OWNER_PASSWORD: 'x', N8N_INSTANCE_OWNER_PASSWORD_HASH: '$2a$10$given' };
    expect(withOwnerEnv(given, () => 'never')).toBe(given);
  });

  it.skipIf(!existsSync(N8N_PKG))('hashes with the bcryptjs n8n verifies with', () => {
    const hash = bcryptHash('rahasia', N8N_PKG);
    const bcrypt = createRequire(N8N_PKG)('bcryptjs') as { compareSync(p: string, h: string): boolean };
    expect(bcrypt.compareSync('rahasia', hash)).toBe(true);
    expect(bcrypt.compareSync('salah', hash)).toBe(false);
  });

  it('reads the fixed workflow ids of the shipped flows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanal-flows-'));
    writeFileSync(join(dir, 'b-intake.json'), JSON.stringify({ id: 'kaIntake', name: 'Intake' }));
    writeFileSync(join(dir, 'a-notify.json'), JSON.stringify({ id: 'kaNotify', name: 'Notify' }));
    writeFileSync(join(dir, 'README.md'), 'not a flow');
    expect(flowIds(dir)).toEqual(['kaNotify', 'kaIntake']);
  });
});
