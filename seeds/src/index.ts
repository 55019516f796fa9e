// Public API of @kanal-aduan/seeds.
export { applySeeds, isNoop, type ApplySeedsOptions, type ApplySeedsResult } from './apply.ts';
export { buildReferenceData, kecamatanAgencyCode, type ReferenceData } from './reference.ts';
export { loadRegions, UnknownRegencyError } from './regions.ts';
export { DEMO_USERS, SERVICE_USER, demoUsersFor, type DemoUser } from './users.ts';
export type { UpsertCounts } from './upsert.ts';
export { createDemoGenerator, generateComplaints, type DemoBatch, type DemoContext } from './demo/generate.ts';
export { demoContextFromReference } from './demo/context.ts';
export { createRng, type Rng } from './demo/rng.ts';
export { DEMO_EVENT_NOTE, parkDemoEvents, seedDemoReports, type SeedDemoOptions } from './demo/write-directus.ts';
export { writeDemoWithKnex, demoContextFromDb, type KnexWriteOptions } from './demo/write-knex.ts';
export { backfillKecamatan, BACKFILL_SQL } from './backfill-kecamatan.ts';
export { DEFAULT_DESK_CODE, KECAMATAN_DESK_ACCOUNTS, KECAMATAN_DESK_NUMBER, demoDesks, kecamatanDeskCode } from './desks.ts';
