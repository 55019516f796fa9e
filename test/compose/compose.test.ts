// Docker cannot run where the tests run, so docker-compose.yml is checked as data:
// the mistakes that only show up at `docker compose up` on a server (a typo in a
// depends_on, a secret hard-coded, a host path that does not exist, a variable
// nobody documented) fail here instead.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DIRECTUS_EXCLUDED_TABLES } from '../../schema/src/ranking-tables.ts';
import { DIRECTUS_LOG_REDACT_PATHS } from '../../scripts/stack/directus.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

type Service = {
  image?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: string[];
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

// `merge: true` resolves the `<<: *n8n-env` keys the way compose does.
const compose = parse(composeText, { merge: true }) as Compose;
const services = Object.entries(compose.services);
const N8N_SERVICES = ['n8n', 'n8n-worker', 'n8n-webhook'];

function env(service: Service): Record<string, string> {
  const e = service.environment ?? {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function dependsOn(service: Service): Record<string, string | undefined> {
  const d = service.depends_on ?? [];
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition]));
}

/** Short-syntax volume -> { source, target }. */
function mounts(service: Service): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source ?? '', target: v.target };
    const [source, target] = v.split(':');
    return { source: source!, target: target ?? source! };
  });
}

const isBind = (source: string) => source.startsWith('.') || source.startsWith('/');

/** `${VAR}`, `${VAR:-x}`, `${VAR:?msg}`; `$${…}` is a literal dollar for the container. */
function referencedVars(text: string): Set<string> {
  const vars = new Set<string>();
  for (const m of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}/g)) vars.add(m[1]!);
  return vars;
}

function documentedVars(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const vars = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*#?\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (m) vars.add(m[1]!);
  }
  return vars;
}

describe('docker-compose.yml', () => {
  it('has the production services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['bootstrap', 'directus', 'directus-proxy', 'n8n', 'n8n-import', 'n8n-webhook', 'n8n-worker', 'postgres', 'redis', 'webhook-front'].sort(),
    );
  });

  it('gives every service a pinned image', () => {
    for (const [name, s] of services) {
      expect(s.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
    expect(compose.services.postgres!.image).toBe('postgis/postgis:16-3.4');
    expect(compose.services.redis!.image).toBe('redis:7-alpine');
    expect(compose.services.directus!.image).toBe('directus/directus:11.17.4');
    for (const n of [...N8N_SERVICES, 'n8n-import']) expect(compose.services[n]!.image, n).toBe('n8nio/n8n:2.35.7');
    expect(compose.services.bootstrap!.image).toBe('node:22-bookworm-slim');
    expect(compose.services['directus-proxy']!.image).toBe('node:22-bookworm-slim');
  });

  it('only depends on services that exist, waiting for health where there is a healthcheck', () => {
    for (const [name, s] of services) {
      for (const [target, condition] of Object.entries(dependsOn(s))) {
        expect(compose.services[target], `${name} -> ${target}`).toBeDefined();
        if (condition === 'service_healthy') {
          expect(compose.services[target]!.healthcheck, `${target} needs a healthcheck for ${name}`).toBeDefined();
        }
        if (condition === 'service_completed_successfully') {
          expect(compose.services[target]!.restart, `${target} must be a one-shot`).toBe('no');
        }
      }
    }
    expect(dependsOn(compose.services.bootstrap!)).toEqual({ 'directus-proxy': 'service_healthy', n8n: 'service_healthy' });
    expect(dependsOn(compose.services.directus!)).toMatchObject({ postgres: 'service_healthy', redis: 'service_healthy' });
  });

  it('declares every named volume and mounts only host paths that exist in the repo', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const used = new Set<string>();
    for (const [name, s] of services) {
      for (const { source } of mounts(s)) {
        if (isBind(source)) {
          expect(source.startsWith('./') || source === '.' || source === './', `${name}: ${source} must be relative to the repo`).toBe(true);
          expect(existsSync(join(ROOT, source)), `${name}: ${source} missing`).toBe(true);
        } else {
          used.add(source);
          expect(declared, `${name}: volume ${source}`).toContain(source);
        }
      }
    }
    expect([...used].sort()).toEqual([...declared].sort());
  });

  it('mounts our Directus bundle read-only where Directus loads extensions', () => {
    const d = compose.services.directus!;
    expect(d.volumes).toContain('./extensions/kanal-aduan:/directus/extensions/directus-extension-kanal-aduan:ro');
    expect(env(d).EXTENSIONS_PATH).toBe('/directus/extensions');
    expect(env(d)).toMatchObject({ DB_CLIENT: 'pg', DB_HOST: 'postgres', CACHE_ENABLED: 'true', CACHE_STORE: 'redis' });
    expect(JSON.stringify(d.healthcheck!.test)).toContain('/server/health');
  });

  it('keeps citizens\' numbers out of the request log and believes the two proxy hops in front (TLS proxy, directus-proxy)', () => {
    const d = env(compose.services.directus!);
    expect(d.LOGGER_REDACT__PATHS).toBe(DIRECTUS_LOG_REDACT_PATHS);
    expect(d.IP_TRUST_PROXY).toBe('${IP_TRUST_PROXY:-2}');
    for (const n8n of ['n8n', 'n8n-worker', 'n8n-webhook'].filter((n) => compose.services[n])) expect(env(compose.services[n8n]!).NODE_ENV, n8n).toBe('production');
  });

  it('keeps the ranking\'s cache tables out of Directus, as the local stack does', () => {
    expect(env(compose.services.directus!).DB_EXCLUDE_TABLES).toBe(DIRECTUS_EXCLUDED_TABLES);
  });

  it('documents every variable it reads in .env.example', () => {
    const used = referencedVars(composeText);
    expect(used.size).toBeGreaterThan(10);
    const documented = documentedVars(join(ROOT, '.env.example'));
    const missing = [...used].filter((v) => !documented.has(v));
    expect(missing).toEqual([]);
    // docker/.env.compose.example (merged into .env.example) lists exactly what compose reads.
    expect([...documentedVars(join(ROOT, 'docker/.env.compose.example'))].sort()).toEqual([...used].sort());
  });

  it('takes every secret from .env, never a literal or a default', () => {
    for (const [name, s] of services) {
      for (const [key, value] of Object.entries(env(s))) {
        if (!/(PASSWORD|SECRET|TOKEN|_KEY|^KEY)$/.test(key) || key.endsWith('_HASH')) continue;
        // The whole value is one ${VAR...} reference, with no default other than empty.
        const m = /^\$\{([A-Z0-9_]+)(?:(:\?)[^}]*|:-)?\}$/.exec(value);
        expect(m, `${name}.${key} = ${value}`).not.toBeNull();
      }
    }
    // Required ones make compose stop with a message instead of starting without them.
    for (const v of ['POSTGRES_PASSWORD', 'KEY', 'SECRET', 'ADMIN_PASSWORD', 'KANAL_DIRECTUS_TOKEN', 'KANAL_SERVICE_TOKEN', 'KANAL_EVENTS_SECRET', 'N8N_ENCRYPTION_KEY', 'WA_ACCESS_TOKEN', 'WA_APP_SECRET', 'WA_VERIFY_TOKEN']) {
      expect(composeText, v).toContain(`\${${v}:?set ${v} in .env}`);
    }
  });

  it('gives all n8n processes one encryption key and queue mode on Redis', () => {
    const keys = new Set<string>();
    for (const n of [...N8N_SERVICES, 'n8n-import']) {
      const e = env(compose.services[n]!);
      keys.add(e.N8N_ENCRYPTION_KEY!);
      expect(e, n).toMatchObject({
        EXECUTIONS_MODE: 'queue',
        QUEUE_BULL_REDIS_HOST: 'redis',
        DB_TYPE: 'postgresdb',
        DB_POSTGRESDB_HOST: 'postgres',
        N8N_CUSTOM_EXTENSIONS: '/home/node/.n8n/custom',
      });
    }
    expect([...keys]).toEqual(['${N8N_ENCRYPTION_KEY:?set N8N_ENCRYPTION_KEY in .env}']);
    expect(compose.services['n8n-worker']!.command).toEqual(['worker']);
    expect(compose.services['n8n-webhook']!.command).toEqual(['webhook']);
    for (const n of N8N_SERVICES) {
      expect(mounts(compose.services[n]!)).toContainEqual({ source: './workflows/nodes', target: '/home/node/.n8n/custom' });
    }
  });

  it('keeps n8n offline: telemetry, version checks, templates and personalisation off', () => {
    for (const n of [...N8N_SERVICES, 'n8n-import']) {
      expect(env(compose.services[n]!), n).toMatchObject({
        N8N_DIAGNOSTICS_ENABLED: 'false',
        N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
        N8N_TEMPLATES_ENABLED: 'false',
        N8N_PERSONALIZATION_ENABLED: 'false',
        N8N_DYNAMIC_BANNERS_ENABLED: 'false',
        N8N_HIRING_BANNER_ENABLED: 'false',
        N8N_AI_ENABLED: 'false',
      });
    }
    expect(env(compose.services.directus!).TELEMETRY).toBe('false');
  });

  it('sends production webhooks to the webhook process only', () => {
    expect(env(compose.services.n8n!).N8N_DISABLE_PRODUCTION_MAIN_PROCESS).toBe('true');
    expect(env(compose.services.directus!).KANAL_N8N_URL).toBe('http://n8n-webhook:5678');
  });

  it("fronts the webhooks: Meta's statuses-only calls to Directus's endpoint (with the app secret there), the rest to the webhook process", () => {
    const front = compose.services['webhook-front']!;
    expect(front.command).toEqual(['node', '/kanal/proxy.mjs']);
    expect(mounts(front)).toContainEqual({ source: './docker/proxy.mjs', target: '/kanal/proxy.mjs' });
    expect(env(front)).toMatchObject({
      KANAL_PROXY_UPSTREAM: 'n8n-webhook:5678',
      KANAL_PROXY_STATUSES: 'http://directus-proxy:8055/kanal-aduan/wa-webhook/statuses',
      KANAL_PROXY_STATUSES_PATH: '/webhook/whatsapp',
    });
    expect(env(compose.services.directus!).WA_APP_SECRET).toBe('${WA_APP_SECRET:?set WA_APP_SECRET in .env}');
  });

  it('publishes ports only for the Directus proxy, the n8n editor and the webhook front, on localhost', () => {
    const withPorts = services.filter(([, s]) => s.ports?.length).map(([n]) => n);
    expect(withPorts.sort()).toEqual(['directus-proxy', 'n8n', 'webhook-front']);
    for (const n of withPorts) {
      for (const p of compose.services[n]!.ports!) expect(p, n).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('runs the bootstrap entry point against the mounted repo', () => {
    const b = compose.services.bootstrap!;
    expect(b.command).toEqual(['node', 'scripts/launch.mjs', 'bootstrap']);
    expect((b as { working_dir?: string }).working_dir).toBe('/app');
    expect(mounts(b)).toContainEqual({ source: './', target: '/app' });
    expect(env(b).KANAL_DIRECTUS_URL).toBe('http://directus-proxy:8055');
  });

  it('creates the n8n database beside Directus\'s on first start', () => {
    const script = readFileSync(join(ROOT, 'docker/postgres/20-n8n-database.sh'), 'utf8');
    expect(script).toContain('CREATE DATABASE "${N8N_POSTGRES_DB}"');
    expect(env(compose.services.postgres!).N8N_POSTGRES_DB).toBe(env(compose.services.n8n!).DB_POSTGRESDB_DATABASE);
    expect(env(compose.services.postgres!).POSTGRES_DB).toBe(env(compose.services.directus!).DB_DATABASE);
  });
});
