import type { RankingViewer } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { ForbiddenError } from '../shared/errors.ts';
import { roleFromAccountability, type AccountabilityLike } from '../shared/role.ts';

export type RankingAccess = RankingViewer & { mayExport: boolean; mayTune: boolean };

/**
 * Who may read the ranking:
 * - admin and pimpinan: everything, may export and set the minimum volume;
 * - OPD head and Camat (the heads of the ranked units): the whole order, details of their own unit only;
 * - nobody logged in: the published summary, only when settings.public_ranking_enabled;
 * - everyone else (verifikator, officers, the Lurah/Kepala Desa, the n8n service, unknown roles): 403.
 *
 * Desa/kelurahan offices are disposition targets but not ranked units, so their heads get no
 * ranking: the ranking groups agencies by kind into OPD and kecamatan only (core RANKING_LEVELS).
 * A kabupaten has hundreds of desa (16.02: 314) that each get a handful of reports, so a desa group
 * would be almost all "data belum cukup"; and a desa is self-governing (UU 6/2014), not a unit
 * the Bupati's monthly evaluation of OPDs and Camats judges.
 */
export async function rankingAccess(accountability: AccountabilityLike, knex: Knex, publicEnabled: boolean): Promise<RankingAccess> {
  const anonymous = !accountability || (!accountability.user && !accountability.admin);
  if (anonymous) {
    if (publicEnabled) return { kind: 'public', mayExport: false, mayTune: false };
    throw new ForbiddenError({ reason: 'Peringkat kinerja belum dipublikasikan.' });
  }
  const role = roleFromAccountability(accountability);
  if (role === 'admin' || role === 'pimpinan') return { kind: 'full', mayExport: true, mayTune: true };
  if (role === 'opd_head' || role === 'camat') {
    const user = await knex('directus_users').where('id', accountability!.user!).first('agency');
    return { kind: 'agency', agency: (user?.agency as string | null | undefined) ?? null, mayExport: false, mayTune: false };
  }
  throw new ForbiddenError({ reason: 'Peringkat kinerja hanya untuk pimpinan, admin, dan kepala unit.' });
}
