// The production topology's own promises, checked on the running stack (global-setup
// starts it): Directus's load really spreads over its instances, n8n's runs execute on
// the workers (not main, not the webhook processor), and a successful run leaves no
// data behind. Skipped when the suite runs the single shape (KANAL_IT_TOPOLOGY=single).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { directus, env, fileReport, n8nRest, uniqueWaId, waitFor } from './helpers.ts';
import { SimChat } from './sim-chat.ts';

const topology = process.env.KANAL_TOPOLOGY ?? 'single';
const [shape, instances = '0', workers = '0'] = topology.split(':');
const log = (name: string) => readFileSync(join(env('KANAL_LOG_DIR'), name), 'utf8');

describe.skipIf(shape !== 'production')('production topology', () => {
  it('spreads Directus requests over every instance behind the one address', async () => {
    const marker = `topologiprobe${Date.now().toString(36)}`;
    for (let n = 0; n < 4 * Number(instances); n += 1) {
      const res = await directus(`/items/categories?limit=1&search=${marker}`);
      expect(res.status).toBe(200);
    }
    const logs = Array.from({ length: Number(instances) }, (_, i) => (i === 0 ? 'directus.log' : `directus-${i + 1}.log`));
    for (const name of logs) expect(log(name), `${name} served none of the probes`).toContain(marker);
  });

  it('runs the bot on the workers: a citizen gets answers while main and the webhook processor execute nothing', async () => {
    const finished = (text: string) => (text.match(/Worker finished execution/g) ?? []).length;
    const perWorker = () => Array.from({ length: Number(workers) }, (_, i) => finished(log(`n8n-worker-${i + 1}.log`)));
    const before = perWorker();
    const chats = Array.from({ length: 4 }, (_, i) => new SimChat(uniqueWaId(), `Warga ${i + 1}`));
    await Promise.all(chats.map((c) => c.say('Halo')));
    for (const c of chats) expect(c.last.length, c.waId).toBeGreaterThan(0);
    // Messages arriving together share a run, so four citizens take at least one (logged as it ends).
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    await waitFor(async () => perWorker(), { what: `a worker to finish the run (runs per worker before: ${before.join(', ')})`, until: (after) => sum(after) > sum(before) });
    expect(finished(log('n8n.log'))).toBe(0);
    expect(finished(log('n8n-webhook.log'))).toBe(0);
  });

  it("lets n8n's reads skip Directus's response cache, where a row read while it was saved could linger", async () => {
    const report = await fileReport<{ id: number }>({ description: 'Lampu jalan di gang masjid mati sejak kemarin malam.' });
    const path = `/items/complaints/${report.id}?fields=status_note`;
    const read = async (headers: Record<string, string> = {}) =>
      (await directus<{ data: { status_note: string | null } }>(path, { token: env('KANAL_SERVICE_TOKEN'), headers })).body.data.status_note;
    // A write Directus's services do not see (as a save racing a read would leave it). Any write through
    // Directus meanwhile (the outbox sweep, a scan) empties the whole response cache, so a stale answer is
    // looked for over a few tries; the fresh one must come every time.
    const db = new pg.Client({ connectionString: env('KANAL_PG_URL') });
    await db.connect();
    let stale = false;
    try {
      for (let i = 1; i <= 5 && !stale; i++) {
        const before = await read(); // cached from here on
        await db.query('UPDATE complaints SET status_note = $1 WHERE id = $2', [`catatan ${i}`, report.id]);
        stale = (await read()) === before; // the cached answer, as any API client gets it
        expect(await read({ 'cache-control': 'no-store' })).toBe(`catatan ${i}`); // what n8n's requests say
      }
    } finally {
      await db.end();
    }
    expect(stale, 'a plain read served the cached row at least once').toBe(true);
  });

  it('keeps no data of successful runs: n8n lists no successful execution, whatever ran', async () => {
    const chat = new SimChat(uniqueWaId(), 'Rina');
    await chat.say('Halo');
    const res = await n8nRest(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ status: ['success'] }))}&limit=50`);
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = (await res.json()) as { data: { results: Array<{ id: string; workflowName?: string; mode?: string; startedAt?: string }>; count: number } };
    const kept = data.results.map((e) => `${e.id} ${e.workflowName} (${e.mode}) at ${e.startedAt}`);
    expect(data.count, `successful runs kept: ${kept.join('; ')}`).toBe(0);
    expect(data.results).toEqual([]);
  });
});
