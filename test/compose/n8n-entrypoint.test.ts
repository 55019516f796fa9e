import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DIRECTUS_CREDENTIAL_ID as STACK_DIRECTUS_ID,
  SLA_SCAN_CREDENTIAL_ID as STACK_SLA_SCAN_ID,
  slaScanAuthorization as stackSlaScanAuthorization,
  WHATSAPP_CREDENTIAL_ID as STACK_WA_ID,
} from '../../scripts/stack/n8n.ts';
import {
  DIRECTUS_CREDENTIAL_ID,
  SLA_SCAN_CREDENTIAL_ID,
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
  it('uses the credential ids the shipped workflows reference (same as npm start)', () => {
    expect(WHATSAPP_CREDENTIAL_ID).toBe(STACK_WA_ID);
    expect(DIRECTUS_CREDENTIAL_ID).toBe(STACK_DIRECTUS_ID);
    expect(SLA_SCAN_CREDENTIAL_ID).toBe(STACK_SLA_SCAN_ID);
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
    expect(directus).toMatchObject({ id: DIRECTUS_CREDENTIAL_ID, type: 'kanalAduanApi', data: { directusUrl: 'http://directus:8055', token: 'svc', eventsSecret: 'events-secret' } });
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
