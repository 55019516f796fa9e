export * from './webhook.ts';
export * from './signature.ts';
export * from './outbound.ts';
