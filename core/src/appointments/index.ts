export * from './open-days.ts';
export * from './booking-code.ts';
export * from './notices.ts';
export { APPOINTMENT_TEXTS } from './texts.ts';
export * from './meeting-report.ts';
export * from './office-move.ts';
export * from './moving-booking.ts';
