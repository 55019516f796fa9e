// Public API of @kanal-aduan/core: pure domain, no platform imports.
export * from './errors.ts';
export * from './statuses.ts';
export * from './role-ids.ts';
export * from './ticket.ts';
export * from './phone.ts';
export * from './templates.ts';
export * from './model.ts';
export * from './whatsapp/index.ts';
// Delivery statuses (forward-only rule, batch fold): the WhatsApp trigger's direct path and the bundle's endpoint.
export * from './whatsapp/delivery-status.ts';
export * from './sla-clock.ts';
export * from './sp4n.ts';
export * from './routing.ts';
export * from './category-suggest.ts';
export * from './conversation/index.ts';
export * from './ranking/index.ts';
export * from './region-code.ts';
export * from './sla-scan/index.ts';
export * from './stage-deadlines.ts';
export * from './stage-stamps.ts';
export * from './notifications.ts';
export * from './citizen-notice.ts';
export * from './satisfaction.ts';
export * from './info-answer.ts';
export * from './tracking-code.ts';
export * from './privacy/index.ts';
export * from './open311.ts';
