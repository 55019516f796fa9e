import { kecamatanOf } from '../region-code.ts';

// The Camat of the report's own kecamatan is one role, whichever kecamatan:
// a model that learns "KEC-16.02.05" and "KEC-16.02.11" as unrelated labels
// needs examples from all 18 kecamatan of OKI before it can suggest each one.
// Training on the role ('CAMAT') and mapping it back through the report's
// region lets a handful of village-administration reports teach all of them.

/** Label for training the agency model. */
export const OWN_CAMAT = 'CAMAT';

/** `agency` as a training label: the report's own Camat becomes OWN_CAMAT. */
export function agencyToLabel(agency: string, region: string | null): string {
  const kec = kecamatanOf(region);
  return kec !== null && agency === `KEC-${kec}` ? OWN_CAMAT : agency;
}

/** A predicted label back to an agency code (null when OWN_CAMAT but the report has no kecamatan). */
export function labelToAgency(label: string, region: string | null): string | null {
  if (label !== OWN_CAMAT) return label;
  const kec = kecamatanOf(region);
  return kec === null ? null : `KEC-${kec}`;
}

/** Classifier features that carry the place: the kecamatan, when known. */
export function regionFeatures(region: string | null): string[] {
  const kec = kecamatanOf(region);
  return kec === null ? [] : [`wil:${kec}`];
}
