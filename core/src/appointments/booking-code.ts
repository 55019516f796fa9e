import { randomInt } from 'node:crypto';

// Booking codes (appointments.code): short enough to type on a phone keypad
// ("batal temu TMU-7K3PQ9"), without letters that read like others (0/O, 1/I/L, 2/Z, 5/S, 8/B).

export const BOOKING_PREFIX = 'TMU';
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const LENGTH = 6;

export function newBookingCode(pick: (max: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[pick(ALPHABET.length)];
  return `${BOOKING_PREFIX}-${s}`;
}

/** A booking code in what a citizen typed ("batal temu tmu 7k3pq9"), upper-cased, or null. */
export function findBookingCode(text: string): string | null {
  const m = new RegExp(`\\b${BOOKING_PREFIX}\\s*[-–—]?\\s*([${ALPHABET}]{${LENGTH}})\\b`, 'i').exec(text);
  return m?.[1] ? `${BOOKING_PREFIX}-${m[1].toUpperCase()}` : null;
}
