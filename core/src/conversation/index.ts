export * from './types.ts';
export * from './conversation-step.ts';
export * from './place-match.ts';
export * from './flood.ts';
export * from './locale-detect.ts';
export { DEFAULT_TEXTS, say } from './texts.ts';
export { replyAsText } from './reply-as-text.ts';
export * from './report-title.ts';
export * from './answer-inputs.ts';
