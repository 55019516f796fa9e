// The lock endpoint against the running stack: only the n8n service account
// (and admins) may take it, and it really excludes a second holder.
import { describe, expect, it } from 'vitest';
import { directus, env, loginAs, uniqueWaId } from '../../../../test/e2e/helpers.ts';

const lock = (token: string, body: unknown, release = false) =>
  directus<{ data?: { acquired?: boolean; wait_ms?: number; released?: boolean }; errors?: Array<{ message: string }> }>(
    `/kanal-aduan/conversation-lock${release ? '/release' : ''}`,
    { method: 'POST', token, body: JSON.stringify(body) },
  );

describe('POST /kanal-aduan/conversation-lock', () => {
  it('gives one number to one holder at a time, as the n8n service account', async () => {
    const service = env('KANAL_SERVICE_TOKEN');
    const wa_id = uniqueWaId();
    const [a, b] = await Promise.all([
      lock(service, { wa_id, holder: 'worker-a-0001', ttl_ms: 30_000 }),
      lock(service, { wa_id, holder: 'worker-b-0001', ttl_ms: 30_000 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.data?.acquired, b.body.data?.acquired].sort()).toEqual([false, true]);
    const [winner, loser] = a.body.data?.acquired ? ['worker-a-0001', 'worker-b-0001'] : ['worker-b-0001', 'worker-a-0001'];
    const waiting = a.body.data?.acquired ? b : a;
    expect(waiting.body.data?.wait_ms).toBeGreaterThan(20_000);

    expect((await lock(service, { wa_id, holder: loser }, true)).body.data?.released).toBe(false);
    expect((await lock(service, { wa_id, holder: winner }, true)).body.data?.released).toBe(true);
    expect((await lock(service, { wa_id, holder: loser, ttl_ms: 30_000 })).body.data?.acquired).toBe(true);
    await lock(service, { wa_id, holder: loser }, true);
  });

  it('refuses officers, the verifikator and the public, and explains bad input in Indonesian', async () => {
    const wa_id = uniqueWaId();
    const officer = await loginAs('opd.pupr@example.com');
    const verifikator = await loginAs('verifikator@example.com');
    for (const token of [officer, verifikator, '']) {
      const res = await lock(token, { wa_id, holder: 'intruder-0001' });
      expect(res.status).toBe(403);
    }
    const bad = await lock(env('KANAL_SERVICE_TOKEN'), { wa_id: '+62 811', holder: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toMatch(/Isi permintaan kunci percakapan tidak sah/);
  });
});
