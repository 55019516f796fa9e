import type { SlaPolicy } from '@kanal-aduan/core';

export const DEFAULT_TICKET_PREFIX = 'ADU';
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';
export const FALLBACK_POLICY_CODE = 'SP4N';

/**
 * SP4N-LAPOR's clock (verify 3, respond 5, auto-close 10 working days; Permenpan
 * RB 62/2018 on pengelolaan pengaduan), used only when the `sla_policies` table
 * has neither the category's policy nor `SP4N` (e.g. before seeding).
 */
export const BUILT_IN_SP4N: SlaPolicy = {
  code: FALLBACK_POLICY_CODE,
  name: 'SP4N-LAPOR',
  verify_days: 3,
  respond_days: 5,
  resolve_days: 14,
  autoclose_days: 10,
  return_grace_days: 1,
  escalation: [],
} as SlaPolicy;
