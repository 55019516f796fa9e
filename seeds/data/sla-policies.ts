import { DEFAULT_RANKING_WEIGHTS, SP4N_CLOCK, SP4N_POLICY_CODE } from '@kanal-aduan/core';

/**
 * The SP4N-LAPOR! policy: its days are core's SP4N_CLOCK (the national rule
 * and this instance's resolve target, with the regulation cited there).
 *
 * Escalation steps: `after_days` counts working days relative to the stage's
 * due date (negative = before it; a step fires at the end of that working day,
 * so -1 reaches people on the morning of the last day and 0 the morning after
 * the deadline passed). `notify`: verifikator | agency_officers | agency_head |
 * pimpinan (core/src/sla-scan). Reminders read these rows; they are data
 * so an admin can change who is reminded without touching code.
 */
export const SLA_POLICIES = [
  {
    code: SP4N_POLICY_CODE,
    name: 'Standar SP4N-LAPOR! (verifikasi 3, tanggapan 5, tutup otomatis 10 hari kerja)',
    ...SP4N_CLOCK,
    escalation: [
      { stage: 'verify', after_days: -1, notify: 'verifikator' },
      { stage: 'verify', after_days: 0, notify: 'verifikator' },
      { stage: 'respond', after_days: -1, notify: 'agency_officers' },
      { stage: 'respond', after_days: 0, notify: 'agency_head' },
      { stage: 'respond', after_days: 2, notify: 'pimpinan' },
      // The resolve target (resolve_days) gets the same ladder.
      { stage: 'resolve', after_days: -1, notify: 'agency_officers' },
      { stage: 'resolve', after_days: 0, notify: 'agency_head' },
      { stage: 'resolve', after_days: 2, notify: 'pimpinan' },
    ],
  },
] as const;

/** Default ranking weights (sum 1): core's, what the Bupati's ranking values most. */
export const RANKING_WEIGHTS = { ...DEFAULT_RANKING_WEIGHTS };
