import { SP4N_CLOCK, SP4N_POLICY_CODE, type SlaPolicy } from '@kanal-aduan/core';

export const DEFAULT_TICKET_PREFIX = 'ADU';
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';
export const FALLBACK_POLICY_CODE = SP4N_POLICY_CODE;

/**
 * core's SP4N-LAPOR clock, used only when the `sla_policies` table has neither
 * the category's policy nor `SP4N` (e.g. before seeding).
 */
export const BUILT_IN_SP4N: SlaPolicy = {
  code: FALLBACK_POLICY_CODE,
  name: 'SP4N-LAPOR',
  ...SP4N_CLOCK,
  escalation: [],
} as SlaPolicy;
