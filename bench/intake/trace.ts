// Where the time of one intake message goes. Not part of `npm test`, not a
// throughput figure: it attaches to a running stack and sends a few citizens'
// conversations one message at a time (nothing else in flight), then reads
//   - per-node times from n8n's saved executions (REST /rest/executions/:id,
//     one owner login for the whole run: n8n allows five a minute),
//   - Directus requests per message from Directus's request log,
//   - the size of the reference data the bot reads (settings, categories,
//     regions, templates) as the n8n service account would fetch it.
//
//   npx tsx bench/intake/trace.ts --data-dir <KANAL_DATA_DIR> --n8n <port> --directus <port> --sim <port> [--citizens 3]
//
// The stack is started beforehand, e.g.
//   KANAL_DATA_DIR=$(mktemp -d) DIRECTUS_PORT=… N8N_PORT=… WA_SIM_PORT=… KANAL_DEMO_REPORTS=0 \
//   WA_SIM_ENFORCE_WINDOW=false npx tsx scripts/stack/cli.ts start
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { loadSecrets, ROOT } from '../../scripts/stack/config.ts';
import { n8nLogin } from '../../scripts/stack/n8n-login.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback?: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const dataDir = opt('data-dir') ?? process.env.KANAL_DATA_DIR;
if (!dataDir) throw new Error('--data-dir (the stack\'s KANAL_DATA_DIR) is needed');
const n8nUrl = `http://127.0.0.1:${opt('n8n', '5678')}`;
const directusUrl = `http://127.0.0.1:${opt('directus', '8055')}`;
const simUrl = `http://127.0.0.1:${opt('sim', '8090')}`;
const citizens = Number(opt('citizens', '3'));
const secrets = loadSecrets(dataDir);
const logFile = join(dataDir, 'logs', 'directus.log');
// n8n keeps run data "flatted" (cyclic JSON); the parser ships with n8n.
const { parse: unflat } = createRequire(join(ROOT, 'runtime/n8n/package.json'))('flatted') as { parse(s: string): unknown };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Directus request lines written to its log since `offset` (pino's request log: one line per request). */
function requestLines(offset: number): string[] {
  const text = readFileSync(logFile, 'utf8').slice(offset);
  return text.split('\n').filter((l) => /"method":"(GET|POST|PATCH|DELETE|SEARCH)"|\b(GET|POST|PATCH|DELETE|SEARCH) \/(items|kanal-aduan|files|assets|server|auth|users)/.test(l));
}
const logSize = () => statSync(logFile).size;

type Turn = Record<string, unknown>;
// A greeting, then a story that names its place (the bot goes straight to the attachments), then the taps to file it.
const TURNS: Array<[string, Turn]> = [
  ['greeting', { text: 'Halo' }],
  ['story', { text: 'Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, sudah 2 bulan, motor sering jatuh.' }],
];

type SimEntry = { seq: number; body: { type: string; interactive?: { type: string; action: { buttons?: Array<{ reply: { id: string; title: string } }>; sections?: Array<{ rows: Array<{ id: string; title: string }> }> } } } };

async function say(waId: string, part: Turn): Promise<{ replies: SimEntry[]; ms: number }> {
  const { lastSeq } = await json<{ lastSeq: number }>(`${simUrl}/sim/messages?direction=all`);
  const started = Date.now();
  const r = await json<{ webhookStatus: number }>(`${simUrl}/sim/inbound`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Warga Uji', ...part }),
  });
  if (r.webhookStatus !== 200) throw new Error(`webhook answered ${r.webhookStatus}`);
  const replies: SimEntry[] = [];
  let since = lastSeq;
  let timeout = 30_000;
  let first = 0;
  for (;;) {
    const w = await json<{ messages: SimEntry[]; timedOut: boolean }>(`${simUrl}/sim/wait?to=${waId}&since=${since}&direction=out&timeout=${timeout}`);
    if (w.timedOut || w.messages.length === 0) break;
    if (!first) first = Date.now();
    replies.push(...w.messages);
    since = w.messages.at(-1)!.seq;
    timeout = 1_500;
  }
  return { replies, ms: first ? first - started : NaN };
}

/** The id of a button or row with this title in the replies (what a citizen taps). */
function option(replies: SimEntry[], title: RegExp): Turn | null {
  for (const e of [...replies].reverse()) {
    const i = e.body.interactive;
    if (!i) continue;
    const buttons = i.action.buttons?.map((b) => b.reply) ?? [];
    const rows = i.action.sections?.flatMap((s) => s.rows) ?? [];
    const b = buttons.find((x) => title.test(x.title));
    if (b) return { button_reply: b };
    const r = rows.find((x) => title.test(x.title));
    if (r) return { list_reply: r };
  }
  return null;
}

async function main(): Promise<void> {
  const load0 = os.loadavg();
  const runStart = Date.now();
  const perTurn: Array<{ turn: string; requests: number; firstReplyMs: number; paths: string[] }> = [];
  const runId = String(Date.now()).slice(-6);
  for (let c = 0; c < citizens; c++) {
    const waId = `6281${runId}${String(c).padStart(3, '0')}`;
    let replies: SimEntry[] = [];
    const turns: Array<[string, Turn | null]> = [...TURNS];
    for (let k = 0; k < turns.length + 3; k++) {
      let label: string;
      let part: Turn | null;
      if (k < turns.length) [label, part] = turns[k]!;
      else if (k === turns.length) [label, part] = ['skip photo', option(replies, /^(Lewati|Selesai)$/)];
      else if (k === turns.length + 1) [label, part] = ['identity', option(replies, /Tidak perlu/)];
      else [label, part] = ['send', option(replies, /^Kirim$/)];
      if (!part) break;
      const before = logSize();
      const r = await say(waId, part);
      replies = r.replies;
      await sleep(1_000); // the flow's last writes (sent replies) land after the reply
      const lines = requestLines(before);
      perTurn.push({ turn: label, requests: lines.length, firstReplyMs: r.ms, paths: lines.map((l) => (l.match(/(GET|POST|PATCH|DELETE|SEARCH) (\/[^\s?"]*)/) ?? [])[0] ?? (l.match(/"url":"([^"?]*)/) ?? [])[1] ?? '?') });
    }
  }

  // Per-node times of the intake executions of this run.
  const cookie = await n8nLogin({ url: n8nUrl, email: secrets.n8nOwnerEmail, password: secrets.n8nOwnerPassword });
  const headers = { cookie };
  const list = await json<{ data: { results: Array<{ id: string; workflowId: string; status: string; startedAt: string }> } }>(
    `${n8nUrl}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'kaIntake00000001' }))}&limit=${perTurn.length + 40}`, { headers },
  );
  const nodeMs = new Map<string, number[]>();
  const totals: number[] = [];
  for (const e of list.data.results) {
    if (Date.parse(e.startedAt) < runStart) continue; // an earlier run's
    const full = await json<{ data: { data: string; startedAt: string; stoppedAt: string } }>(`${n8nUrl}/rest/executions/${e.id}`, { headers });
    const run = unflat(full.data.data) as { resultData: { runData: Record<string, Array<{ executionTime: number }>> } };
    const runData = run.resultData.runData;
    if (!Object.keys(runData).some((n) => !/masuk$/.test(n))) continue; // a status webhook: trigger only
    let sum = 0;
    for (const [node, runs] of Object.entries(runData)) {
      const ms = runs.reduce((a, r) => a + (r.executionTime ?? 0), 0);
      sum += ms;
      nodeMs.set(node, [...(nodeMs.get(node) ?? []), ms]);
    }
    totals.push(Date.parse(full.data.stoppedAt) - Date.parse(full.data.startedAt));
  }

  // Reference data as the intake reads it today (service token, same queries).
  const auth = { authorization: `Bearer ${secrets.serviceToken}` };
  const settings = await json<{ data: { regency_code: string } }>(`${directusUrl}/items/settings?fields=instance_name,regency_code,timezone,ticket_prefix`, { headers: auth });
  const refs: Array<[string, string]> = [
    ['settings', '/items/settings?fields=instance_name,regency_code,timezone,ticket_prefix'],
    ['categories', `/items/categories?filter=${encodeURIComponent(JSON.stringify({ active: { _eq: true } }))}&fields=code,name,name_en,description,keywords,default_agency,sla_policy,active,sort&limit=-1`],
    ['regions', `/items/regions?filter=${encodeURIComponent(JSON.stringify({ code: { _starts_with: `${settings.data.regency_code}.` } }))}&fields=code,name,level,parent&limit=-1`],
    ['message_templates', '/items/message_templates?fields=id,key,locale,body,wa_template_name,wa_template_language,description&limit=-1'],
  ];
  const refSizes: string[] = [];
  for (const [name, path] of refs) {
    const r = await fetch(`${directusUrl}${path}`, { headers: auth });
    const text = await r.text();
    const rows = (JSON.parse(text) as { data: unknown }).data;
    refSizes.push(`${name}: ${Array.isArray(rows) ? rows.length : 1} rows, ${Buffer.byteLength(text)} bytes`);
  }

  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
  };
  console.log(`\nintake trace: ${citizens} citizen(s), ${perTurn.length} messages one at a time, ${os.cpus().length} cores`);
  console.log(`load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\nper message (Directus requests, first reply ms):');
  const byTurn = new Map<string, typeof perTurn>();
  for (const t of perTurn) byTurn.set(t.turn, [...(byTurn.get(t.turn) ?? []), t]);
  for (const [turn, ts] of byTurn) {
    console.log(`  ${turn.padEnd(12)} requests avg ${avg(ts.map((t) => t.requests)).toFixed(1).padStart(5)}  first reply avg ${avg(ts.map((t) => t.firstReplyMs)).toFixed(0).padStart(6)} ms`);
  }
  console.log(`  all          requests avg ${avg(perTurn.map((t) => t.requests)).toFixed(1)} per message`);
  const sample = perTurn.find((t) => t.turn === 'send') ?? perTurn[0];
  if (sample) console.log(`\nrequests of one "${sample.turn}" message:\n  ${sample.paths.join('\n  ')}`);
  console.log(`\nn8n executions read: ${totals.length}; execution wall time avg ${avg(totals).toFixed(0)} ms, p95 ${pct(totals, 95).toFixed(0)} ms`);
  console.log('per node (ms per execution that ran it: avg / p95 / runs):');
  for (const [node, xs] of [...nodeMs].sort((a, b) => avg(b[1]) - avg(a[1]))) {
    console.log(`  ${node.padEnd(34)} ${avg(xs).toFixed(1).padStart(7)} / ${pct(xs, 95).toFixed(0).padStart(5)} / ${xs.length}`);
  }
  console.log(`\nreference data (as the service account reads it): ${refSizes.join('; ')}`);
}

await main();
