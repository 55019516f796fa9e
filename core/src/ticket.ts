import { TZDate } from '@date-fns/tz';
import { DomainError } from './errors.ts';

// Human ticket numbers: PREFIX-YYMM-NNNNN (ADU-2611-00042), sequence per month
// (MODEL.md `ticket_counters`). The month is the local month of the regency,
// so a report sent at 00:30 WIB on 1 December belongs to 2612.

/** 'YYMM' of `at` in the regency's IANA timezone ('2611' for November 2026). */
export function ticketPeriod(at: Date, timezone: string): string {
  const local = new TZDate(at.getTime(), timezone);
  const yy = String(local.getFullYear() % 100).padStart(2, '0');
  const mm = String(local.getMonth() + 1).padStart(2, '0');
  return `${yy}${mm}`;
}

const PREFIX = /^[A-Z]{2,6}$/;
const PERIOD = /^\d{2}(0[1-9]|1[0-2])$/;

/** 'ADU-2611-00042'. The sequence is zero-padded to 5 digits and may grow past them. */
export function formatTicket(prefix: string, period: string, seq: number): string {
  const p = prefix.toUpperCase();
  if (!PREFIX.test(p)) {
    throw new DomainError('TICKET.BAD_PREFIX', `Awalan nomor tiket «${prefix}» harus 2–6 huruf.`, { prefix });
  }
  if (!PERIOD.test(period)) {
    throw new DomainError('TICKET.BAD_PERIOD', `Periode nomor tiket «${period}» harus berformat TTBB, mis. 2611.`, {
      period,
    });
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new DomainError('TICKET.BAD_SEQUENCE', `Nomor urut tiket harus bilangan bulat positif.`, { seq });
  }
  return `${p}-${period}-${String(seq).padStart(5, '0')}`;
}

/**
 * Finds a ticket number in what a citizen typed ("cek adu-2611-00042 ya"):
 * case-insensitive, optional spaces around the dashes, en/em dashes as typed by
 * phone keyboards. Only the full pattern with a valid month and 5+ digits
 * counts ("adu-2611-42" does not). Returns it normalised upper-case, or null.
 */
export function findTicket(text: string, prefix = 'ADU'): string | null {
  const p = prefix.toUpperCase();
  if (!PREFIX.test(p)) {
    throw new DomainError('TICKET.BAD_PREFIX', `Awalan nomor tiket «${prefix}» harus 2–6 huruf.`, { prefix });
  }
  const re = new RegExp(`(?<![A-Za-z0-9])${p}\\s*[-–—]\\s*(\\d{2}(?:0[1-9]|1[0-2]))\\s*[-–—]\\s*(\\d{5,})(?!\\d)`, 'i');
  const m = re.exec(text);
  if (!m) return null;
  return `${p}-${m[1]}-${m[2]}`;
}

/** Splits a normalised ticket; null when it is not one. */
export function parseTicket(ticket: string): { prefix: string; period: string; seq: number } | null {
  const m = /^([A-Z]{2,6})-(\d{2}(?:0[1-9]|1[0-2]))-(\d{5,})$/.exec(ticket);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { prefix: m[1], period: m[2], seq: Number(m[3]) };
}
