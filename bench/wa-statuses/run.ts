// Delivery-status webhooks: the intake workflow's path (one n8n execution per
// webhook, the shipped intake.json) beside the direct path (the trigger with a
// Kanal Aduan credential: group-committed batches to POST /kanal-aduan/wa-statuses,
// no execution), on the same stack in the same run.
//
//   npx tsx bench/wa-statuses/run.ts [--messages 100] [--concurrency 20]
//
// Starts the integration stack (test/e2e/global-setup.ts: Directus + n8n on
// fresh Postgres databases, Redis, the WA simulator), makes `--messages`
// outbound wa_messages rows per path, and posts for each the three webhooks
// Meta sends after a reply (sent, delivered, read; one status per webhook),
// `--concurrency` at a time, in a shuffled order. Per path it prints the
// webhook answers (p50/p95 ms), the time until every row reads `read` (polled
// in Postgres every 100 ms), and the n8n executions started (the workflow copy
// keeps successful runs so they can be counted). Stops the stack at the end.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { signBody } from '@kanal-aduan/core';
import pg from 'pg';
import { setup, teardown } from '../../test/e2e/global-setup.ts';
import { metaWebhook, n8nData } from '../../test/e2e/helpers.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '20' } } });
const MESSAGES = Math.max(1, Math.min(2_000, Number(values.messages)));
const CONCURRENCY = Math.max(1, Math.min(200, Number(values.concurrency)));
const INTAKE = 'kaIntake00000001';
const DIRECTUS_CREDENTIAL = { id: 'kaDirectusCred01', name: 'Kanal Aduan (Directus)' };
const env = (k: string) => process.env[k] ?? '';

type Wf = { versionId: string; nodes: Array<{ type: string; credentials?: Record<string, unknown> }>; connections: unknown; settings: Record<string, unknown> };
async function intakeWith(credential: typeof DIRECTUS_CREDENTIAL | null, original: Wf) {
  const nodes = original.nodes.map((n) => {
    if (n.type !== 'CUSTOM.whatsAppCloudTrigger') return n;
    const { kanalAduanApi: _, ...others } = n.credentials ?? {};
    return { ...n, credentials: credential ? { ...others, kanalAduanApi: credential } : others };
  });
  const saved = await n8nData<Wf>(`/rest/workflows/${INTAKE}`, 'PATCH', { nodes, connections: original.connections, settings: { ...original.settings, saveDataSuccessExecution: 'all' } });
  await n8nData(`/rest/workflows/${INTAKE}/activate`, 'POST', { versionId: saved.versionId });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${env('KANAL_N8N_URL')}/webhook/whatsapp`, { method: 'POST', body: '{}' })).status === 401) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('intake webhook not published');
}

const runs = async () => (await n8nData<{ count: number }>(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: INTAKE }))}&limit=1`)).count;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

async function measure(db: pg.Client, label: string) {
  const wamids = Array.from({ length: MESSAGES }, () => `wamid.BENCH${randomUUID().replace(/-/g, '').toUpperCase()}`);
  const created = await fetch(`${env('KANAL_DIRECTUS_URL')}/items/wa_messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env('KANAL_DIRECTUS_TOKEN')}`, 'content-type': 'application/json' },
    body: JSON.stringify(wamids.map((wamid) => ({ wamid, direction: 'out', wa_id: '6281234567890', type: 'text', payload: { text: { body: 'Laporan diterima' } }, status: 'sent' }))),
  });
  if (!created.ok) throw new Error(`creating rows: HTTP ${created.status}`);
  const jobs = wamids.flatMap((id) => ['sent', 'delivered', 'read'].map((status) => ({ id, status })));
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
  }
  const before = await runs();
  const acks: number[] = [];
  const codes = new Map<number, number>();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const raw = JSON.stringify(metaWebhook({ statuses: [{ ...job, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '6281234567890' }] }));
        const s = performance.now();
        const res = await fetch(`${env('KANAL_N8N_URL')}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, env('WA_APP_SECRET')) }, body: raw });
        await res.arrayBuffer();
        acks.push(performance.now() - s);
        codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const posted = performance.now() - t0;
  let allRead = NaN;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM wa_messages WHERE wamid = ANY($1) AND status = 'read'`, [wamids]);
    if (rows[0].n === wamids.length) {
      allRead = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3_000));
  return { label, webhooks: jobs.length, codes: [...codes].map(([c, n]) => `${c}×${n}`).join(' '), ackP50: pct(acks, 50), ackP95: pct(acks, 95), posted, allRead, executions: (await runs()) - before };
}

await setup();
const db = new pg.Client({ connectionString: env('KANAL_PG_URL') });
try {
  await db.connect();
  const original = await n8nData<Wf>(`/rest/workflows/${INTAKE}`);
  await intakeWith(null, original);
  const baseline = await measure(db, 'workflow (shipped intake.json)');
  await intakeWith(DIRECTUS_CREDENTIAL, original);
  const direct = await measure(db, 'direct (trigger + Kanal Aduan credential)');
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(2)}×` : '');
  console.log(`\nDelivery-status webhooks: ${MESSAGES} replies × 3 statuses, ${CONCURRENCY} at a time; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(`| figure | ${baseline.label} | ${direct.label} | direct / workflow |\n|---|---|---|---|`);
  console.log(`| webhook answers | ${baseline.codes} | ${direct.codes} | |`);
  console.log(`| answer p50 (ms) | ${f(baseline.ackP50)} | ${f(direct.ackP50)} | ${ratio(baseline.ackP50, direct.ackP50)} |`);
  console.log(`| answer p95 (ms) | ${f(baseline.ackP95)} | ${f(direct.ackP95)} | ${ratio(baseline.ackP95, direct.ackP95)} |`);
  console.log(`| all webhooks answered (ms) | ${f(baseline.posted)} | ${f(direct.posted)} | ${ratio(baseline.posted, direct.posted)} |`);
  console.log(`| every row \`read\` (ms from first post) | ${f(baseline.allRead)} | ${f(direct.allRead)} | ${ratio(baseline.allRead, direct.allRead)} |`);
  console.log(`| n8n executions started | ${baseline.executions} | ${direct.executions} | |`);
} finally {
  await db.end().catch(() => undefined);
  await teardown();
}
