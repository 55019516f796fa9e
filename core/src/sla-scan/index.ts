export * from './types.ts';
export * from './plan.ts';
export * from './claim.ts';
export * from './digest-text.ts';
export * from './marks.ts';
