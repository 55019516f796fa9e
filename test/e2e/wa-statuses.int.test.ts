// Delivery statuses recorded directly: with the "Kanal Aduan (Directus)"
// credential on the WhatsApp trigger of the intake workflow, Meta's status
// webhooks (sent, delivered, read, failed) are written through Directus's
// POST /kanal-aduan/wa-statuses in group-committed batches, each webhook
// answered once its batch is stored, and a webhook that carried only statuses
// starts no n8n execution. When the direct write fails, the statuses go
// through the workflow as before. In the production topology the webhook
// front sends a statuses-only call to Directus's own endpoint before n8n sees
// it; the trigger's direct write is then what happens when Directus does not
// take the call.
//
// The shipped intake.json is left as it is: this file attaches the credential
// to the running copy of the workflow through n8n's REST API (and keeps
// successful executions in that copy, so they can be counted).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '@kanal-aduan/core';
import { directus, env, metaWebhook, n8nData, postWebhook, sim, uniqueWaId, waitFor } from './helpers.ts';
import { SimChat, type SimEntry } from './sim-chat.ts';

const INTAKE = 'kaIntake00000001'; // workflows/flows/intake.json
const TRIGGER_TYPE = 'CUSTOM.whatsAppCloudTrigger';
const DIRECTUS_CREDENTIAL = { id: 'kaDirectusCred01', name: 'Kanal Aduan (Directus)' }; // docker/n8n-entrypoint.mjs
const UNDELIVERABLE = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];

type WaRow = { wamid: string; wa_id: string | null; type: string; direction: string; status: string; payload: any; error: any; complaint: number | null };
type N8nNode = { name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string; name: string }> };
type N8nWorkflow = { versionId: string; nodes: N8nNode[]; connections: unknown; settings: Record<string, unknown> };

/** Saves the intake workflow with the trigger's Kanal Aduan credential set (or removed) and publishes it. */
async function intakeTriggerCredential(credential: { id: string; name: string } | null, original: N8nWorkflow) {
  const nodes = original.nodes.map((n) => {
    if (n.type !== TRIGGER_TYPE) return n;
    const { kanalAduanApi: _, ...others } = n.credentials ?? {};
    return { ...n, credentials: credential ? { ...others, kanalAduanApi: credential } : others };
  });
  // Successful runs are kept in this copy so the test can count them (the stack keeps only failed ones' data).
  const saved = await n8nData<N8nWorkflow>(`/rest/workflows/${INTAKE}`, 'PATCH', { nodes, connections: original.connections, settings: { ...original.settings, saveDataSuccessExecution: 'all' } });
  await n8nData(`/rest/workflows/${INTAKE}/activate`, 'POST', { versionId: saved.versionId });
  // Published: the webhook answers an unsigned call with 401 (404 while it is being registered again).
  await waitFor(async () => (await postWebhook('{}', null)).status, { what: 'the intake webhook published again', until: (s) => s === 401 });
}

type Execution = { id: string; mode: string; startedAt: string };
/** The intake flow's newest executions (n8n 2.35's list ignores a `mode` filter, so callers pick by mode). */
async function intakeExecutions(limit: number): Promise<Execution[]> {
  const filter = encodeURIComponent(JSON.stringify({ workflowId: INTAKE }));
  return (await n8nData<{ results: Execution[] }>(`/rest/executions?filter=${filter}&limit=${limit}`)).results;
}

/**
 * The newest intake run started by a webhook, as its execution id (0: none among the
 * latest 200): the flow's 20-second pass is a run of its own (mode 'trigger') and
 * does not count. A run started since an earlier call has a higher id.
 */
async function lastWebhookRun(): Promise<number> {
  return Math.max(0, ...(await intakeExecutions(200)).filter((e) => e.mode === 'webhook').map((e) => Number(e.id)));
}

/** No webhook run of the intake flow since `runs` was read; otherwise fails naming what the new runs carried. */
async function expectNoNewRuns(runs: number): Promise<void> {
  const fresh = (await intakeExecutions(200)).filter((e) => e.mode === 'webhook' && Number(e.id) > runs);
  if (fresh.length === 0) return;
  const seen = await Promise.all(fresh.slice(0, 3).map(async (e) => `${e.id} at ${e.startedAt}: ${String((await n8nData<{ data: unknown }>(`/rest/executions/${e.id}`)).data).slice(0, 1500)}`));
  expect.fail(`${fresh.length} intake run(s) started by a webhook where none should:\n${seen.join('\n')}`);
}

async function waRows(wamids: string[]): Promise<WaRow[]> {
  const q = new URLSearchParams({ 'filter[wamid][_in]': wamids.join(','), fields: 'wamid,wa_id,type,direction,status,payload,error,complaint', limit: '-1', sort: 'wamid' });
  return (await directus<{ data: WaRow[] }>(`/items/wa_messages?${q}`)).body.data;
}
const waRow = async (wamid: string) => (await waRows([wamid]))[0];

/** A signed Meta webhook carrying only these statuses, posted where Meta posts (the webhook front in the production topology). */
async function postStatuses(statuses: Array<Record<string, unknown>>): Promise<Response> {
  return postWebhook(JSON.stringify(metaWebhook({ statuses })));
}

/** The same, straight to n8n's webhook process: what the front does with a call Directus does not take. */
async function postStatusesToN8n(statuses: Array<Record<string, unknown>>): Promise<Response> {
  const raw = JSON.stringify(metaWebhook({ statuses }));
  return fetch(`${env('KANAL_N8N_WEBHOOKS_URL')}/webhook/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, env('WA_APP_SECRET')) },
    body: raw,
  });
}
const production = () => env('KANAL_TOPOLOGY').startsWith('production');
const status = (id: string, s: string, extra: Record<string, unknown> = {}) => ({ id, status: s, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '6281234567890', ...extra });
const unknownWamid = () => `wamid.HBgNNjI4${randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase()}`;

/** Executions are recorded as they start: a quiet moment, then the count must not have moved. */
const settle = () => new Promise((r) => setTimeout(r, 2_500));

const STORY = 'Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, sudah 2 bulan, motor sering jatuh.';

describe('delivery statuses recorded directly by the WhatsApp trigger', () => {
  let original: N8nWorkflow;
  beforeAll(async () => {
    original = await n8nData<N8nWorkflow>(`/rest/workflows/${INTAKE}`);
    await intakeTriggerCredential(DIRECTUS_CREDENTIAL, original);
  });
  afterAll(async () => {
    if (!original) return;
    // The shipped workflow back as it was: n8n merges settings, and 'DEFAULT' removes the key (the stack's
    // EXECUTIONS_DATA_SAVE_ON_SUCCESS=none applies again). The runs this copy kept go too.
    const settings = { ...original.settings, saveDataSuccessExecution: original.settings?.saveDataSuccessExecution ?? 'DEFAULT' };
    const restored = await n8nData<N8nWorkflow>(`/rest/workflows/${INTAKE}`, 'PATCH', { nodes: original.nodes, connections: original.connections, settings });
    await n8nData(`/rest/workflows/${INTAKE}/activate`, 'POST', { versionId: restored.versionId });
    // A run that began under this copy's settings is kept as it ends, after any delete made while it ran: so the
    // flow's runs are let finish first (later ones run under the restored settings and keep nothing).
    const unfinished = encodeURIComponent(JSON.stringify({ workflowId: INTAKE, status: ['new', 'running', 'waiting'] }));
    await waitFor(async () => (await n8nData<{ results: Execution[] }>(`/rest/executions?filter=${unfinished}&limit=20`)).results.length, {
      what: "the intake flow's runs begun under the test copy to end",
      until: (n) => n === 0,
    });
    await n8nData('/rest/executions/delete', 'POST', { filters: { workflowId: INTAKE, status: ['success'] }, deleteBefore: new Date().toISOString() });
  });

  it('the batch endpoint answers the n8n service account only, and refuses a malformed body with 400', async () => {
    const batch = JSON.stringify({ statuses: [status(unknownWamid(), 'sent')] });
    const admin = await directus<any>('/kanal-aduan/wa-statuses', { method: 'POST', body: batch });
    expect(admin.status).toBe(403);
    expect(admin.body.errors[0].message).toBe('Hanya akun Layanan n8n yang boleh mencatat status pengiriman WhatsApp.');
    expect((await directus<any>('/kanal-aduan/wa-statuses', { method: 'POST', body: batch, token: '' })).status).toBe(403);

    const bad = await directus<any>('/kanal-aduan/wa-statuses', { method: 'POST', body: JSON.stringify({ statuses: 'read' }), token: env('KANAL_SERVICE_TOKEN') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain('status pengiriman WhatsApp tidak sah');
  });

  it('records a batch on Postgres forward only, keeps errors and unknown wamids, and the same batch twice changes nothing', async () => {
    const out = unknownWamid();
    const created = await directus<any>('/items/wa_messages', {
      method: 'POST',
      body: JSON.stringify({ wamid: out, direction: 'out', wa_id: '6281234567890', type: 'text', payload: { text: { body: 'Laporan diterima' } }, status: 'sent' }),
    });
    expect(created.status).toBe(200);
    expect(await waRow(out)).toMatchObject({ status: 'sent' }); // the read is cached by Directus now
    const stranger = unknownWamid();
    const batch = JSON.stringify({ statuses: [status(out, 'read'), status(out, 'delivered'), status(stranger, 'sent'), status(out, 'failed', { errors: UNDELIVERABLE }), status(out, 'read')] });
    const call = () => directus<any>('/kanal-aduan/wa-statuses', { method: 'POST', body: batch, token: env('KANAL_SERVICE_TOKEN') });

    const first = await call();
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ statuses: 5, ignored: 0, inserted: 1, advanced: 1, errors: 1, adopted: 0 });
    // Same query as before the call: Directus's cache was cleared, the new status shows.
    expect(await waRow(out)).toMatchObject({ status: 'failed' });
    const rows = await waRows([out, stranger]);
    expect(rows.find((r) => r.wamid === out)).toMatchObject({ status: 'failed', type: 'text', error: UNDELIVERABLE });
    expect(rows.find((r) => r.wamid === stranger)).toMatchObject({ type: 'status', direction: 'out', status: 'sent', wa_id: '6281234567890', payload: { id: stranger } });

    const again = await call();
    expect(again.body.data).toEqual({ statuses: 5, ignored: 0, inserted: 0, advanced: 0, errors: 0, adopted: 0 });
    const byWamid = (r: WaRow[]) => [...r].sort((a, b) => (a.wamid < b.wamid ? -1 : 1));
    expect(byWamid(await waRows([stranger, out, unknownWamid()]))).toEqual(byWamid(rows)); // a query not cached yet
  });

  it("a reply's statuses land on its row in the report's message log, a failure with Meta's errors, without a workflow run", async () => {
    const chat = new SimChat(uniqueWaId(), 'Andi');
    await chat.say(STORY);
    await chat.tap('Lewati');
    await chat.tap('Tidak perlu');
    await chat.tap('Kirim');
    const confirmation = chat.last.find((e: SimEntry) => e.body.type === 'text' && /ADU-\d{4}-\d{5}/.test(e.body.text.body));
    expect(confirmation, chat.transcript()).toBeTruthy();
    const [report] = (await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[reporter][wa_id][_eq]=${chat.waId}&fields=id`)).body.data;

    // The simulator posts sent and delivered shortly after each accepted message, as Meta does.
    const delivered = await waitFor(() => waRow(confirmation!.id), { what: 'the confirmation logged and delivered', until: (r) => r?.complaint === report!.id && r.status === 'delivered' });
    expect(delivered).toMatchObject({ direction: 'out', type: 'text', error: null });

    // The run ends by marking the citizen's messages read: once it has, and has settled, count the runs.
    await waitFor(() => sim<{ messages: Array<{ status: string }> }>(`/sim/messages?to=${chat.waId}&direction=in`), {
      what: "the chat's last run finished (its messages marked read)",
      until: (r) => r.messages.length > 0 && r.messages.every((m) => m.status === 'read'),
    });
    await settle();
    const runs = await lastWebhookRun();
    const failed = await sim<{ webhookStatus: number }>('/sim/status', { wamid: confirmation!.id });
    expect(failed.webhookStatus).toBe(200);
    // Answered only once its batch was stored: the row says so right away.
    expect(await waRow(confirmation!.id)).toMatchObject({ status: 'failed', complaint: report!.id, error: [expect.objectContaining({ code: 131026 })] });
    expect((await sim<{ webhookStatus: number }>('/sim/status', { wamid: confirmation!.id, status: 'read' })).webhookStatus).toBe(200);
    expect(await waRow(confirmation!.id)).toMatchObject({ status: 'failed' });
    await settle();
    await expectNoNewRuns(runs);
  });

  it('webhooks arriving together are all answered 200 and recorded, starting no run; a message still starts one', async () => {
    const runs = await lastWebhookRun();
    const wamids = Array.from({ length: 20 }, unknownWamid);
    const answers = await Promise.all(wamids.map((w, i) => postStatuses([status(w, 'sent'), ...(i % 2 ? [status(w, 'delivered')] : [])])));
    expect(answers.map((a) => a.status)).toEqual(wamids.map(() => 200));
    const rows = await waRows(wamids);
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.type === 'status' && r.direction === 'out')).toBe(true);
    expect(rows.filter((r) => r.status === 'delivered')).toHaveLength(10);
    await settle();
    await expectNoNewRuns(runs);

    // The count does move when a run starts: a citizen's message.
    const chat = new SimChat(uniqueWaId(), 'Rina');
    await chat.say('Halo');
    await waitFor(lastWebhookRun, { what: 'the run for the message counted', until: (n) => n > runs });
  });

  it("in the production topology, a statuses-only call never reaches n8n: the front hands it to Directus, which checks Meta's signature", async (ctx) => {
    if (!production()) ctx.skip();
    const runs = await lastWebhookRun();
    const wamid = unknownWamid();
    const answer = await postStatuses([status(wamid, 'sent'), status(wamid, 'delivered')]);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-kanal-route')).toBe('statuses');
    expect(await answer.text()).toBe('EVENT_RECEIVED');
    expect(await waRow(wamid)).toMatchObject({ type: 'status', status: 'delivered' });

    // Directus refuses a forged call; the front then passes it to n8n, which refuses it too.
    const raw = JSON.stringify(metaWebhook({ statuses: [status(unknownWamid(), 'read')] }));
    const forged = await postWebhook(raw, signBody(raw, 'not the app secret'));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('x-kanal-route')).toBeNull();
    const direct = await fetch(`${env('KANAL_DIRECTUS_URL')}/kanal-aduan/wa-webhook/statuses`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, 'not the app secret') }, body: raw,
    });
    expect(direct.status).toBe(401);
    await settle();
    await expectNoNewRuns(runs);
  });

  it('when the direct write fails, the statuses still reach the row through the workflow and Meta gets 200', async () => {
    // A second Kanal Aduan credential on the trigger that points nowhere; the workflow's own nodes keep the real one.
    const broken = await n8nData<{ id: string; name: string }>('/rest/credentials', 'POST', {
      name: 'Kanal Aduan (Directus) tidak terjangkau',
      type: 'kanalAduanApi',
      data: { directusUrl: 'http://127.0.0.1:9', token: 'salah' },
    });
    await intakeTriggerCredential({ id: broken.id, name: broken.name }, original);
    try {
      const runs = await lastWebhookRun();
      const wamid = unknownWamid();
      const answer = await postStatusesToN8n([status(wamid, 'failed', { errors: UNDELIVERABLE })]);
      expect(answer.status).toBe(200);
      const row = await waitFor(() => waRow(wamid), { what: 'the status stored by the workflow' });
      expect(row).toMatchObject({ type: 'status', status: 'failed', error: UNDELIVERABLE });
      await waitFor(lastWebhookRun, { what: 'the fallback run counted', until: (n) => n > runs });
    } finally {
      await intakeTriggerCredential(DIRECTUS_CREDENTIAL, original);
    }
  });
});
