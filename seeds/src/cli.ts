/**
 * npx tsx seeds/src/cli.ts apply [--overwrite]
 * npx tsx seeds/src/cli.ts demo --count N [--seed S]            (through Directus REST)
 * npx tsx seeds/src/cli.ts demo-db --count N [--batch B] [--seed S]  (straight into the database;
 *     DB_CLIENT=pg + DB_HOST/DB_PORT/DB_DATABASE/DB_USER/DB_PASSWORD, or DB_CLIENT=sqlite3 + DB_FILENAME,
 *     the same variables Directus reads)
 *
 * Directus: KANAL_DIRECTUS_URL (default http://127.0.0.1:8055) and KANAL_DIRECTUS_TOKEN.
 * Instance: KANAL_REGENCY_CODE (default 16.02), KANAL_TIMEZONE (default Asia/Jakarta),
 * KANAL_DEMO_PASSWORD, KANAL_SERVICE_TOKEN.
 */
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { applySeeds } from './apply.ts';
import { seedDemoReports } from './demo/write-directus.ts';
import { writeDemoWithKnex } from './demo/write-knex.ts';

const env = process.env;
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string', default: '300' },
    batch: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    overwrite: { type: 'boolean', default: false },
  },
});
const log = (line: string) => console.log(`  ${line}`);
const url = env.KANAL_DIRECTUS_URL ?? 'http://127.0.0.1:8055';
const need = (name: string) => {
  const v = env[name];
  if (!v) {
    console.error(`Variabel lingkungan ${name} belum diisi.`);
    process.exit(2);
  }
  return v;
};

switch (positionals[0]) {
  case 'apply': {
    const result = await applySeeds({
      url,
      token: need('KANAL_DIRECTUS_TOKEN'),
      regencyCode: env.KANAL_REGENCY_CODE ?? '16.02',
      timezone: env.KANAL_TIMEZONE ?? 'Asia/Jakarta',
      demoPassword: need('KANAL_DEMO_PASSWORD'),
      serviceToken: need('KANAL_SERVICE_TOKEN'),
      overwrite: values.overwrite,
      log,
    });
    console.log(JSON.stringify(result));
    break;
  }
  case 'demo': {
    const r = await seedDemoReports({ url, token: need('KANAL_DIRECTUS_TOKEN'), count: Number(values.count), seed: Number(values.seed), timezone: env.KANAL_TIMEZONE, log });
    console.log(JSON.stringify(r));
    break;
  }
  case 'demo-db': {
    const client = env.DB_CLIENT ?? 'pg';
    const knex = knexFactory(
      client === 'sqlite3'
        ? { client, connection: { filename: need('DB_FILENAME') }, useNullAsDefault: true }
        : { client, connection: { host: env.DB_HOST ?? '127.0.0.1', port: Number(env.DB_PORT ?? 5432), database: need('DB_DATABASE'), user: env.DB_USER ?? 'postgres', password: env.DB_PASSWORD } },
    );
    try {
      const r = await writeDemoWithKnex(knex, Number(values.count), { batch: Number(values.batch), seed: Number(values.seed), log });
      console.log(JSON.stringify(r));
    } finally {
      await knex.destroy();
    }
    break;
  }
  default:
    console.error('Pakai: cli.ts apply [--overwrite] | demo --count N | demo-db --count N [--batch B]');
    process.exit(2);
}
