export * from './webhook.ts';
export * from './signature.ts';
export * from './outbound.ts';
export * from './service-window.ts';
export * from './template-parameter.ts';
export * from './inbound-handling.ts';
export * from './citizen-address.ts';
export * from './intake-answer.ts';
