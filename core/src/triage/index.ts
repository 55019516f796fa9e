// Smart triage: normalising citizens' WhatsApp Indonesian, spam/noise score,
// learned category/agency suggestion, possible duplicates. Pure functions.
export * from './normalize.ts';
export * from './lexicon.ts';
export * from './spam.ts';
export * from './spam-text.ts';
export * from './classifier.ts';
export * from './softmax.ts';
export * from './model-codec.ts';
export * from './agency-label.ts';
export * from './duplicates.ts';
export * from './suggest.ts';
export * from './select.ts';
export * from './keyword-vote.ts';
export * from './filing.ts';
export * from './noise.ts';
export * from './learned-route.ts';
