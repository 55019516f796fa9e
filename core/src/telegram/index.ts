export * from './address.ts';
export * from './inbound.ts';
export * from './outbound.ts';
export * from './bots.ts';
