// Nothing lost, nothing twice, in order, when the production topology is hurt
// mid-conversation: 20 citizens write three messages each in quick bursts
// (greeting, story, location) while a worker is killed, Directus stops
// answering for 30 s, or the Graph API answers 500 for 20 s. Afterwards every
// conversation went as it goes without a fault: handled in the order written
// (the same conversation state and draft), the same replies each sent exactly
// once, every message stored once and handled. (Replies taken over by the
// redrive pass may reach the citizen after those of a later message.)
//
// What makes it so: the trigger stores each message before Meta gets its 200;
// executions lost with a worker leave the message stored and unhandled, and
// replies whose sender failed stay claimed until the claim runs out; the
// intake flow's 20-second redrive pass handles and sends those.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, sim } from './helpers.ts';
import { replyAsText } from '@kanal-aduan/core';
import type { SimEntry } from './sim-chat.ts';

const CITIZENS = 20;
/** A fault outlives the 2-minute claim of a reply whose sender failed; the pass after it sends the reply. */
const SETTLE_MS = 240_000;

type Turn = Record<string, unknown>;
const TURNS: Turn[] = [
  { text: 'Halo' },
  { text: 'Jalan di depan pasar berlubang besar, sudah dua minggu belum diperbaiki.' },
  { type: 'location', location: { latitude: -2.9761, longitude: 104.7754, name: 'Pasar' } },
];

const topology = process.env.KANAL_TOPOLOGY ?? 'single';
const pidOf = (service: string) => Number(readFileSync(join(env('KANAL_LOG_DIR'), `${service}.pid`), 'utf8').trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let run = 0;

/** The citizen's three messages, 300 ms apart (faster than the bot answers: the later ones wait their turn). */
async function burst(waId: string): Promise<void> {
  for (const turn of TURNS) {
    const r = await sim<{ webhookStatus: number }>('/sim/inbound', { from: waId, name: 'Warga Uji', ...turn });
    expect(r.webhookStatus, `webhook for ${waId}`).toBe(200);
    await sleep(300);
  }
}

async function outbound(since: number): Promise<Map<string, SimEntry[]>> {
  const log = await sim<{ messages: SimEntry[] }>(`/sim/messages?direction=out&since=${since}`);
  const by = new Map<string, SimEntry[]>();
  for (const m of log.messages) by.set(m.wa_id, [...(by.get(m.wa_id) ?? []), m]);
  return by;
}

/** What a citizen was told, as text, without who it was addressed to. */
const transcript = (entries: SimEntry[]) => entries.map((e) => replyAsText(e.body));

let expected: string[] = [];
type Conversation = { state: string; draft: { description?: string[]; latitude?: number | null; category?: string | null } | null };
let expectedConversation: Conversation;
const conversationOf = async (waId: string) =>
  (await directus<{ data: Conversation[] }>(`/items/conversations?filter[wa_id][_eq]=${waId}&fields=state,draft`)).body.data[0]!;
/** The conversation's outcome that depends on the order its messages were handled in. */
const outcome = (c: Conversation) => ({ state: c.state, description: c.draft?.description ?? null, category: c.draft?.category ?? null, located: typeof c.draft?.latitude === 'number' });
const sorted = (texts: string[]) => [...texts].sort();

beforeAll(async () => {
  // The same three messages with nothing wrong: what every faulted conversation must end up as.
  const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=out');
  const waId = `62899${String(Date.now()).slice(-7)}`;
  await burst(waId);
  let last = -1;
  for (let i = 0; i < 40; i++) {
    await sleep(1_000);
    const n = (await outbound(lastSeq)).get(waId)?.length ?? 0;
    if (n > 0 && n === last) break;
    last = n;
  }
  expected = transcript((await outbound(lastSeq)).get(waId) ?? []);
  expect(expected.length).toBeGreaterThanOrEqual(TURNS.length);
  expectedConversation = await conversationOf(waId);
  expect(outcome(expectedConversation)).toMatchObject({ description: [expect.stringContaining('berlubang')], located: true });
}, 120_000);

afterEach(async () => {
  for (const service of ['directus', 'directus-2']) {
    try {
      process.kill(pidOf(service), 'SIGCONT');
    } catch {
      /* not stopped, or not this topology */
    }
  }
});

/**
 * 20 citizens start 250 ms apart; `fault` runs once they are under way. Then
 * waits until every conversation has as many replies as the fault-free one
 * (and no more arrive), and checks each one.
 */
async function conversationsThrough(fault: () => Promise<void>): Promise<void> {
  run++;
  const { lastSeq } = await sim<{ lastSeq: number }>('/sim/messages?direction=out');
  const waIds = Array.from({ length: CITIZENS }, (_, i) => `6289${run}${String(Date.now()).slice(-6)}${String(i).padStart(2, '0')}`);
  const bursts = waIds.map(async (waId, i) => {
    await sleep(i * 250);
    await burst(waId);
  });
  await sleep(1_500);
  await fault();
  await Promise.all(bursts);

  const deadline = Date.now() + SETTLE_MS;
  let by = await outbound(lastSeq);
  while (Date.now() < deadline && !waIds.every((w) => (by.get(w)?.length ?? 0) >= expected.length)) {
    await sleep(2_000);
    by = await outbound(lastSeq);
  }
  // A reply sent twice would come after the expected ones: give a late duplicate time to show.
  await sleep(5_000);
  by = await outbound(lastSeq);

  const unfinished = waIds.filter((w) => (by.get(w)?.length ?? 0) < expected.length);
  expect(unfinished, `conversations without all their replies after ${SETTLE_MS / 1000} s`).toEqual([]);
  for (const waId of waIds) {
    expect(sorted(transcript(by.get(waId) ?? [])), `${waId}: each reply exactly once`).toEqual(sorted(expected));
    expect(outcome(await conversationOf(waId)), `${waId}: handled in the order written`).toEqual(outcome(expectedConversation));
  }

  // Every message stored once and handled; every reply row sent, none left waiting.
  const rows = (
    await directus<{ data: Array<{ wa_id: string; direction: string; status: string | null; wamid: string }> }>(
      `/items/wa_messages?filter[wa_id][_in]=${waIds.join(',')}&fields=wa_id,direction,status,wamid&limit=-1`,
    )
  ).body.data;
  for (const waId of waIds) {
    const mine = rows.filter((r) => r.wa_id === waId);
    const inbound = mine.filter((r) => r.direction === 'in');
    expect(inbound.map((r) => r.status), `${waId} inbound`).toEqual(TURNS.map(() => 'read'));
    expect(new Set(inbound.map((r) => r.wamid)).size).toBe(TURNS.length);
    const out = mine.filter((r) => r.direction === 'out');
    expect(out.filter((r) => r.wamid.startsWith('queued:')), `${waId} replies never sent`).toEqual([]);
    expect(out, `${waId} reply rows`).toHaveLength(expected.length);
  }
}

describe.skipIf(!topology.startsWith('production'))('intake under faults on the production topology', () => {
  it('a worker killed mid-run: its lost executions are made good from the stored messages, and the worker comes back', async () => {
    const before = pidOf('n8n-worker-1');
    await conversationsThrough(async () => {
      process.kill(before, 'SIGKILL');
    });
    expect(pidOf('n8n-worker-1')).not.toBe(before);
  }, SETTLE_MS + 120_000);

  it('Directus not answering for 30 s mid-run: nothing lost, nothing answered twice', async () => {
    await conversationsThrough(async () => {
      const pids = ['directus', 'directus-2'].map(pidOf);
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      await sleep(30_000);
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    });
  }, SETTLE_MS + 150_000);

  it('the Graph API answering 500 for 20 s mid-run: every reply is sent once it is back', async () => {
    await conversationsThrough(async () => {
      await sim('/sim/faults', { status: 500, for_ms: 20_000 });
    });
  }, SETTLE_MS + 120_000);
});
