// Routing that learns, end to end: the n8n flow "Latih model disposisi" trains a
// model from the desk's final dispositions (here: demo history written straight
// into Postgres, as the ranking test does), stores it with its measured
// accuracy, and the next verified report gets the model's suggestion with its
// reason. The model is switched off afterwards, so other tests see the rules.
import { readTriageModels } from '@kanal-aduan/core';
import { writeDemoWithKnex } from '@kanal-aduan/seeds';
import knexFactory from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { TTL_MS } from '../../extensions/kanal-aduan/src/intake/reference-cache.ts';
import { slaScanAuthorization } from '../../scripts/stack/n8n.ts';
import { directus, env, fileReport, lastFailedRun, loginAs, uniqueWaId, waitFor } from './helpers.ts';
import { fileThroughBot, optionsOf, SimChat } from './sim-chat.ts';

const knex = knexFactory({ client: 'pg', connection: process.env.KANAL_PG_URL });
let modelId: number | null = null;

afterAll(async () => {
  if (modelId !== null) await directus(`/items/triage_models/${modelId}`, { method: 'PATCH', body: JSON.stringify({ active: false }) });
  await knex.destroy();
});

type Training = { trained: boolean; model: number; reports: number; trained_on: number; held_out: number; agency_accuracy: number; keyword_agency_accuracy: number; category_accuracy: number };

describe('routing that learns from the desk\'s own dispositions', () => {
  it('the n8n flow trains a model, the verifikator sees how good it is, and a new report gets its suggestion with the reason', async () => {
    const written = await writeDemoWithKnex(knex, 300, { seed: 808, batch: 300 });
    // Thirty of them were floods told in words no category keyword has ("terendam"), which the desk filed as BENCANA for BPBD.
    const handled = (await knex('complaints').whereIn('status', ['in_progress', 'resolved', 'closed']).whereNotNull('assigned_agency').orderBy('id', 'desc').limit(30).select('id')).map((r) => r.id as number);
    expect(handled.length, JSON.stringify(written)).toBe(30);
    for (const [i, id] of handled.entries()) {
      await knex('complaints').where({ id }).update({ category: 'BENCANA', assigned_agency: 'BPBD', description: `Rumah warga di dusun ${i % 7} terendam setinggi lutut sejak ${i % 2 ? 'subuh' : 'semalam'}, mohon bantuan.` });
    }
    // And the desk rejected a dozen car-rental adverts as spam: a kind of spam the lexicon has no word for.
    const rejected = (await knex('complaints').whereNotIn('id', handled).orderBy('id', 'asc').limit(12).select('id')).map((r) => r.id as number);
    expect(rejected.length).toBe(12);
    for (const [i, id] of rejected.entries()) {
      await knex('complaints').where({ id }).update({
        status: 'rejected', status_reason: 'spam',
        description: `Rental mobil lepas kunci ${['avanza', 'xenia', 'innova'][i % 3]} harian ${i % 2 ? 'dan mingguan' : 'atau bulanan'}, antar jemput bandara ${i}.`,
      });
    }
    const res = await fetch(`${env('KANAL_N8N_URL')}/webhook/triage-train`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: slaScanAuthorization(env('KANAL_EVENTS_SECRET')) }, body: '{}',
    });
    if (res.status !== 200) expect.fail(`triage-train: HTTP ${res.status} ${await res.text()}; ${await lastFailedRun()}`);
    const { training } = (await res.json()) as { training: Training };
    const trainedAt = Date.now();
    expect(training).toMatchObject({ trained: true });
    expect(training.reports).toBeGreaterThanOrEqual(100);
    expect(training.held_out).toBe(Math.floor(training.reports / 5));
    for (const k of ['agency_accuracy', 'keyword_agency_accuracy', 'category_accuracy'] as const) expect(training[k]).toBeGreaterThan(0);
    modelId = training.model;

    // Without a key the flow does not run.
    const anonymous = await fetch(`${env('KANAL_N8N_URL')}/webhook/triage-train`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(403);

    // The verifikator reads the figures, not the model's counts; an officer reads nothing.
    const verifikator = await loginAs('verifikator@example.com');
    const seen = await directus<{ data: Record<string, unknown> }>(`/items/triage_models/${modelId}?fields=*`, { token: verifikator });
    expect(seen.status).toBe(200);
    expect(seen.body.data).toMatchObject({ active: true, agency_accuracy: training.agency_accuracy, held_out: training.held_out });
    expect(seen.body.data).not.toHaveProperty('model');
    expect((await directus(`/items/triage_models/${modelId}?fields=model`, { token: verifikator })).status).toBe(403);
    expect((await directus('/items/triage_models', { token: await loginAs('opd.pupr@example.com') })).status).toBe(403);

    // A new report: verified, then the routing flow suggests with the model and says why.
    const report = await fileReport({ description: 'Jalan di depan SD berlubang besar dan aspalnya mengelupas, motor sering jatuh.' });
    const verified = await directus(`/items/complaints/${report.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ status: 'verified' }) });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const row = await waitFor(
      async () => (await directus<{ data: { suggested_agency: string | null; route_reason: string | null } }>(`/items/complaints/${report.id}?fields=suggested_agency,route_reason`, { token: verifikator })).body.data,
      { what: 'the routing flow to suggest an agency with its reason (see test/artifacts/logs/n8n*.log)', until: (r) => r.route_reason !== null },
    );
    expect(row.route_reason).toMatch(new RegExp(`^Model v${modelId}: \\S+ \\(keyakinan \\d+ %\\)`));
    expect(row.route_reason).toMatch(/Aturan disposisi: DPUPR\./);
    expect(row.route_reason).toContain(`Disarankan: ${row.suggested_agency} (dari `);
    // The chat: a flood told in those words needs no category question any more (the keywords alone would ask).
    const chat = new SimChat(uniqueWaId(), 'Wati');
    await chat.say('Halo');
    await chat.tap('Lapor pengaduan');
    await chat.say('Rumah-rumah di dusun kami terendam sejak subuh, setinggi lutut orang dewasa');
    const titles = chat.last.flatMap((e) => optionsOf(e.body).map((o) => o.title));
    expect(titles, chat.transcript()).not.toContain('Bencana Alam');
    expect(chat.texts().join('\n'), chat.transcript()).not.toMatch(/kategori/i);
    expect(chat.texts().join('\n'), chat.transcript()).toMatch(/lokasi|di mana/i);

    // The same model learnt the desk's spam verdicts: the next car-rental advert goes to "Mungkin spam", saying why.
    const stored = await directus<{ data: { model: unknown } }>(`/items/triage_models/${modelId}?fields=model`);
    const models = readTriageModels(stored.body.data.model);
    expect(models?.spam?.label_counts['spam']).toBeGreaterThanOrEqual(12);
    // Stored packed (core model-codec).
    expect(stored.body.data.model).toMatchObject({ encoding: 'br-base64' });
    // The Directus instance that stored the model reads it at once; the other asks for the newest model every TTL_MS.
    await new Promise((r) => setTimeout(r, Math.max(0, TTL_MS - (Date.now() - trainedAt))));
    const advert = await fileThroughBot(new SimChat(uniqueWaId(), 'Rental'), 'Rental mobil lepas kunci innova dan avanza, harian atau mingguan, bisa antar jemput');
    const filed = await directus<{ data: Array<{ likely_spam: boolean; spam_reasons: Array<{ code: string; detail_id: string }> }> }>(
      `/items/complaints?filter[ticket][_eq]=${advert}&fields=likely_spam,spam_reasons,spam_signals,description`, { token: verifikator },
    );
    expect(filed.body.data[0], JSON.stringify(filed.body)).toMatchObject({ likely_spam: true });
    expect(filed.body.data[0]!.spam_reasons.find((r) => r.code === 'LEARNED_TEXT')?.detail_id).toMatch(/ditolak sebagai spam/);

    // An officer may not read the reason (it is the desk's working note).
    const officer = await directus(`/items/complaints/${report.id}?fields=route_reason`, { token: await loginAs('opd.pupr@example.com') });
    expect(officer.status).toBe(403);
  }, 180_000);
});
