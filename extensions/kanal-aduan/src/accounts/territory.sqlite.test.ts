// Camat and Lurah/Kepala Desa accounts keep a region of their level, on create and on
// every update that touches the role or the region (the account as it will be is checked).
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRuntimeSqlite, runtimeSqlite } from '../test-support/runtime-sqlite.ts';
import { accountProblem, checkNewAccount, checkUpdatedAccounts } from './territory.ts';

describe('accountProblem', () => {
  it('reads the role from its id or the related row, and the region from its code or the related row', () => {
    expect(accountProblem(ROLE_IDS.camat, '16.02.05')).toBeNull();
    expect(accountProblem({ id: ROLE_IDS.kades }, { code: '16.02.05.2015' })).toBeNull();
    expect(accountProblem({ id: ROLE_IDS.camat }, { code: '16.02' })).toMatch(/^Akun Camat harus berwilayah satu kecamatan/);
    expect(accountProblem(ROLE_IDS.verifikator, null)).toBeNull();
    expect(accountProblem(null, '16.02')).toBeNull();
  });

  it('refuses a new Camat over the kabupaten with the reason in words', () => {
    expect(() => checkNewAccount({ email: 'c@example.com', role: ROLE_IDS.camat, region: '16.02' })).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_PAYLOAD', message: 'Akun Camat harus berwilayah satu kecamatan (kode seperti 16.02.01), bukan 16.02.' }),
    );
    expect(() => checkNewAccount({ role: ROLE_IDS.kades })).toThrow(/harus punya wilayah/);
    expect(() => checkNewAccount({ role: ROLE_IDS.opd_officer, agency: 'DPUPR' })).not.toThrow();
  });
});

describe.skipIf(!hasRuntimeSqlite)('checkUpdatedAccounts on the accounts table', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = runtimeSqlite();
    await knex.schema.createTable('directus_users', (t) => {
      t.string('id').primary();
      t.string('role');
      t.string('region');
    });
    await knex('directus_users').insert([
      { id: 'camat', role: ROLE_IDS.camat, region: '16.02.05' },
      { id: 'kades', role: ROLE_IDS.kades, region: '16.02.05.2015' },
      { id: 'officer', role: ROLE_IDS.opd_officer, region: null },
    ]);
  });
  afterAll(async () => knex.destroy());

  it('checks the account as the update leaves it', async () => {
    await expect(checkUpdatedAccounts({ region: '16.02' }, ['camat'], knex)).rejects.toThrow(/bukan 16\.02\.$/);
    await expect(checkUpdatedAccounts({ region: '16.02.05' }, ['kades'], knex)).rejects.toThrow(/Lurah\/Kepala Desa/);
    // The officer made Camat without a region, and a Camat's region cleared.
    await expect(checkUpdatedAccounts({ role: ROLE_IDS.camat }, ['officer'], knex)).rejects.toThrow(/harus punya wilayah/);
    await expect(checkUpdatedAccounts({ region: null }, ['camat'], knex)).rejects.toThrow(/harus punya wilayah/);
    // One bad account among several refuses the whole update.
    await expect(checkUpdatedAccounts({ region: '16.02.06' }, ['camat', 'kades'], knex)).rejects.toThrow(/Lurah\/Kepala Desa/);
  });

  it('lets right accounts and writes that touch neither role nor region through', async () => {
    await expect(checkUpdatedAccounts({ region: '16.02.06' }, ['camat'], knex)).resolves.toBeUndefined();
    await expect(checkUpdatedAccounts({ role: ROLE_IDS.kades, region: '16.02.06.2001' }, ['officer'], knex)).resolves.toBeUndefined();
    await expect(checkUpdatedAccounts({ region: '16.02' }, ['officer'], knex)).resolves.toBeUndefined();
    await expect(checkUpdatedAccounts({ first_name: 'Ahmad' }, ['camat'], knex)).resolves.toBeUndefined();
  });
});
