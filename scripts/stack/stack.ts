// The whole system as one named pipeline: simulator, Directus (+ schema, access,
// seeds), n8n (+ our nodes, credentials, workflows). Used by `npm start` and by the
// integration tests' global setup, so both run exactly the same wiring.
//
// With `cfg.production` it is the production topology of docker-compose as processes
// on this machine: Directus instances behind a round-robin proxy and n8n in queue mode
// (main, webhook processor, workers) behind a front that routes /webhook/*.
import { urls, type StackConfig } from './config.ts';
import { startDirectus, startDirectusInstances } from './directus.ts';
import { activateWorkflows, importIntoN8n, slaScanAuthorization, startN8n, startN8nQueue, waitForWebhooks } from './n8n.ts';
import type { Service, Stoppable } from './processes.ts';

export interface RunningStack {
  urls: ReturnType<typeof urls>;
  activeWorkflows: string[];
  /** Every process the stack started (for the welcome and for RSS figures). */
  services: Service[];
  stop(): Promise<void>;
}

export async function startStack(cfg: StackConfig, opts: { demoReports?: number } = {}): Promise<RunningStack> {
  const u = urls(cfg);
  const running: Stoppable[] = [];
  const stop = async () => {
    for (const s of running.reverse()) await ('stop' in s ? s.stop() : s.close()).catch(() => undefined);
  };
  try {
    const { startSimulator } = await import('@kanal-aduan/wa-sim');
    // The demo kecamatan desk's own number (seeds/src/desks.ts), so its citizens can write to it.
    const { KECAMATAN_DESK_NUMBER, KECAMATAN_DESK_ACCOUNTS } = await import('@kanal-aduan/seeds');
    const sim = await startSimulator({
      host: cfg.host,
      port: cfg.ports.sim,
      accessToken: cfg.secrets.waAccessToken,
      phoneNumberId: cfg.secrets.waPhoneNumberId,
      extraNumbers: [{ phoneNumberId: KECAMATAN_DESK_NUMBER.phoneNumberId, displayPhoneNumber: KECAMATAN_DESK_NUMBER.displayNumber }],
      appSecret: cfg.secrets.waAppSecret,
      verifyToken: cfg.secrets.waVerifyToken,
      // Meta posts to the public webhook address: in queue mode the webhook front, which sends
      // statuses-only calls to Directus and every other call to the webhook processor.
      webhookUrl: `${u.n8n}/webhook/whatsapp`,
      // Like Meta: free text only within 24 h of the person's last message (131047), so the
      // demo and the tests show what production does; WA_SIM_ENFORCE_WINDOW=false turns it off.
      enforceWindow: process.env.WA_SIM_ENFORCE_WINDOW !== 'false',
      // The simulator is also the Telegram Bot API and posts the bot's updates to n8n.
      telegramBotToken: cfg.secrets.telegramBotToken,
      telegramSecret: cfg.secrets.telegramWebhookSecret,
      telegramWebhookUrl: `${u.n8nWebhooks}/webhook/telegram`,
      // …and Meta's Messenger Platform (Facebook Page and Instagram DMs), signed with the same app secret.
      messengerPageToken: cfg.secrets.messengerPageToken,
      // The demo kecamatan desk's own bot, Page and Instagram account (one page token serves both).
      telegramDeskBotTokens: [cfg.secrets.telegramDeskBotToken],
      messengerDeskPages: {
        [`fb:${KECAMATAN_DESK_ACCOUNTS.facebookPageId}`]: cfg.secrets.messengerDeskPageToken,
        [`ig:${KECAMATAN_DESK_ACCOUNTS.instagramAccountId}`]: cfg.secrets.messengerDeskPageToken,
      },
      messengerWebhookUrl: `${u.n8nWebhooks}/webhook/messenger`,
    });
    running.push(sim);
    cfg.log(`WA simulator: ${u.sim}`);

    // n8n's import (two CLI boots) and start do not need Directus: run them alongside.
    // Each service is registered the moment it is spawned, and both starts are
    // awaited to the end before anything is stopped, so a failure on one side
    // never leaves the other running.
    const register = (s: Stoppable) => void running.push(s);
    const results = await Promise.allSettled([
      importIntoN8n(cfg).then(async () => void (cfg.production ? await startN8nQueue(cfg, register) : await startN8n(cfg, register))),
      (cfg.production ? startDirectusInstances(cfg, register) : startDirectus(cfg, register).then(() => undefined)).then(() =>
        bootstrapDirectus({
          url: u.directus,
          token: cfg.secrets.adminToken,
          regencyCode: cfg.regencyCode,
          timezone: cfg.timezone,
          demoPassword: cfg.secrets.demoPassword,
          serviceToken: cfg.secrets.serviceToken,
          waPhoneNumberId: cfg.secrets.waPhoneNumberId,
          demoReports: opts.demoReports,
          log: cfg.log,
        }),
      ),
    ]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    cfg.log('n8n: activating workflows');
    const activeWorkflows = await activateWorkflows(cfg);
    if (cfg.production) await waitForWebhooks(cfg);
    // Demo history is there: the routing model need not wait for its first night.
    if (opts.demoReports) await trainFirstModel(cfg);
    const services = running.filter((s): s is Service => 'child' in s);
    return { urls: u, activeWorkflows, services, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs the "Latih model disposisi" flow once (its signed webhook); a failure is told, not fatal: the rules still route. */
async function trainFirstModel(cfg: StackConfig): Promise<void> {
  try {
    const res = await fetch(`${urls(cfg).n8nWebhooks}/webhook/triage-train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: slaScanAuthorization(cfg.secrets.eventsSecret) },
      body: '{}',
    });
    const t = ((await res.json().catch(() => ({}))) as { training?: { trained?: boolean; model?: number; reports?: number; agency_accuracy?: number; keyword_agency_accuracy?: number; message?: string } }).training;
    if (!res.ok || !t) throw new Error(`HTTP ${res.status}`);
    const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)} %`;
    cfg.log(t.trained
      ? `n8n: routing model v${t.model} trained from ${t.reports} demo reports (agency right on held-out reports: ${pct(t.agency_accuracy)}, keyword rules ${pct(t.keyword_agency_accuracy)})`
      : `n8n: no routing model yet: ${t.message}`);
  } catch (error) {
    cfg.log(`n8n: the routing model was not trained (${(error as Error).message}); the routing rules suggest agencies until the nightly run`);
  }
}

export interface BootstrapOptions {
  url: string;
  token: string;
  regencyCode: string;
  timezone: string;
  demoPassword: string;
  /** Meta's phone_number_id of the region's WhatsApp number (the kabupaten desk owns it). */
  waPhoneNumberId?: string;
  /** Create the demo logins (default true); the service account is always created. */
  demoUsers?: boolean;
  serviceToken: string;
  demoReports?: number;
  log: (line: string) => void;
}

/** Schema, access, dashboards and seeds into a running Directus; idempotent. */
export async function bootstrapDirectus(o: BootstrapOptions): Promise<void> {
  const log = (m: string) => o.log(`  ${m}`);
  const { applySchema } = await import('@kanal-aduan/schema');
  o.log('Directus: applying schema, access policies and dashboards');
  // One line per change is too much for a terminal on first run (hundreds):
  // show progress every 100 changes; KANAL_VERBOSE=1 shows them all.
  let seen = 0;
  const schemaLog = (m: string) => {
    if (process.env.KANAL_VERBOSE) return log(m);
    if (m.startsWith('schema: ')) return;
    if (++seen % 100 === 0) log(`… ${seen} changes`);
  };
  const schema = await applySchema({ url: o.url, token: o.token, log: schemaLog });
  o.log(`  ✓ schema: ${schema.changes.length} change(s)`);
  const { applySeeds } = await import('@kanal-aduan/seeds');
  o.log('Directus: seeding regions, agencies, categories, holidays, templates and demo users');
  await applySeeds({ ...o, log });
  // Reports from before complaints.kecamatan existed; a no-op once filled.
  await (await import('@kanal-aduan/seeds')).backfillKecamatan({ url: o.url, token: o.token, log });
  if (o.demoReports) {
    const { seedDemoReports } = await import('@kanal-aduan/seeds');
    o.log(`Directus: creating ${o.demoReports} demo reports with their history`);
    await seedDemoReports({ url: o.url, token: o.token, count: o.demoReports, timezone: o.timezone, log });
  }
  // Fold what the seeds wrote into the ranking's tables now, not on the Bupati's first dashboard view.
  const ranking = await (await import('@kanal-aduan/schema')).prepareRanking({ url: o.url, token: o.token });
  log(`✓ ranking: ${ranking.rebuilt ? 'tables rebuilt' : `${ranking.days} day(s) folded in`}`);
}
