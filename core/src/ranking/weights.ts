import { z } from 'zod';
import { DomainError } from '../errors.ts';

/** The score's components; each is a share in 0..1 where 1 is best. */
export const SCORE_COMPONENTS = ['sla_compliance', 'resolution_rate', 'resolution_time', 'satisfaction', 'reopen_rate'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

export const RankingWeights = z.object(
  Object.fromEntries(SCORE_COMPONENTS.map((c) => [c, z.number().nonnegative().finite()])) as Record<ScoreComponent, z.ZodNumber>,
);
export type RankingWeights = z.infer<typeof RankingWeights>;

/**
 * Defaults when `settings.ranking_weights` is empty (the seeds write these
 * too): answering on time matters most, then actually fixing.
 */
export const DEFAULT_RANKING_WEIGHTS: RankingWeights = {
  sla_compliance: 0.35,
  resolution_rate: 0.25,
  resolution_time: 0.15,
  satisfaction: 0.15,
  reopen_rate: 0.1,
};

/** Labels the panel and exports show for each component. */
export const COMPONENT_LABELS: Record<ScoreComponent, { id: string; en: string }> = {
  sla_compliance: { id: 'Tepat waktu menanggapi', en: 'Answered on time' },
  resolution_rate: { id: 'Tuntas', en: 'Resolved' },
  resolution_time: { id: 'Kecepatan penyelesaian', en: 'Resolution speed' },
  satisfaction: { id: 'Kepuasan pelapor', en: 'Satisfaction' },
  reopen_rate: { id: 'Tidak dibuka ulang', en: 'Not reopened' },
};

/**
 * Weights as stored in settings (JSON, possibly partial or null) merged over
 * the defaults. Unknown keys are ignored so an old settings row keeps working;
 * a negative or non-number weight, or all weights zero, is an admin's typo
 * that must be seen: 'RANKING.BAD_WEIGHTS'.
 */
export function rankingWeights(stored: unknown): RankingWeights {
  if (stored === null || stored === undefined || stored === '') return { ...DEFAULT_RANKING_WEIGHTS };
  let raw = stored;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new DomainError('RANKING.BAD_WEIGHTS', 'Bobot peringkat bukan JSON yang valid.', {});
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('RANKING.BAD_WEIGHTS', 'Bobot peringkat harus berupa objek JSON.', {});
  }
  const known = Object.fromEntries(Object.entries(raw).filter(([k]) => (SCORE_COMPONENTS as readonly string[]).includes(k)));
  const parsed = RankingWeights.safeParse({ ...DEFAULT_RANKING_WEIGHTS, ...known });
  if (!parsed.success) {
    throw new DomainError('RANKING.BAD_WEIGHTS', 'Setiap bobot peringkat harus berupa angka tidak negatif.', { weights: raw });
  }
  if (SCORE_COMPONENTS.every((c) => parsed.data[c] === 0)) {
    throw new DomainError('RANKING.BAD_WEIGHTS', 'Paling tidak satu bobot peringkat harus lebih dari nol.', {});
  }
  return parsed.data;
}
