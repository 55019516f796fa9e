import { roleFromAccountability, type AccountabilityLike } from './role.ts';

/**
 * Who may record a phone or walk-in report («Catat laporan»): the verifikator
 * and administrators (the desk team). The endpoint answers by it, and the admin
 * app shows the module only to the same people, so this file stays free of
 * server code (the app bundle imports it).
 */
export function mayRecordDeskReports(accountability: AccountabilityLike): boolean {
  if (!accountability?.user && accountability?.admin !== true) return false;
  const role = roleFromAccountability(accountability);
  return role === 'verifikator' || role === 'admin';
}
