export * from './account.ts';
export * from './address.ts';
export * from './attachments.ts';
export * from './inbound.ts';
export * from './media-id.ts';
export * from './outbound.ts';
export * from './window.ts';
