export * from './weights.ts';
export * from './window.ts';
export * from './tally.ts';
export * from './rank.ts';
export * from './view.ts';
