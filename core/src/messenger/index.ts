export * from './account.ts';
export * from './address.ts';
export * from './inbound.ts';
export * from './outbound.ts';
export * from './window.ts';
