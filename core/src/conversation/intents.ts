import { findTicket } from '../ticket.ts';
import { findBookingCode } from '../appointments/booking-code.ts';
import type { ComplaintType } from '../model.ts';

// What a short typed message means, independent of the step. Commands only
// count when the message is short, so "jalan ini batal diperbaiki" in a
// description is not a "batal".

export type Command =
  | { kind: 'cancel' }
  | { kind: 'menu' }
  | { kind: 'help' }
  | { kind: 'status'; ticket: string | null }
  | { kind: 'appointment_cancel'; code: string | null }
  | { kind: 'appointment_move'; code: string | null };

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

const CANCEL = new Set(['batal', 'batalkan', 'cancel', 'stop', 'berhenti']);
const MENU = new Set(['menu', 'mulai', 'start', 'restart', 'ulang']);
const HELP = new Set(['bantuan', 'help', 'panduan']);
const STATUS = new Set(['cek', 'check', 'status', 'lacak', 'track']);

/** Words that make "batal"/"pindah" about a Temu Bupati booking. */
const MEETING = new Set(['temu', 'janji', 'pertemuan', 'jadwal', 'booking', 'meeting', 'appointment']);
const MOVE = new Set(['pindah', 'pindahkan', 'ubah', 'ganti', 'geser', 'move', 'reschedule']);

export function parseCommand(text: string, ticketPrefix: string): Command | null {
  const ticket = findTicket(text, ticketPrefix);
  const ws = words(text);
  const first = ws[0];
  // "batal temu TMU-7K3PQ9", "batalkan janji temu", "pindah temu tmu-7k3pq9", "cancel TMU-…".
  const code = findBookingCode(text);
  if (first && ws.length <= 6 && (code || MEETING.has(ws[1] ?? ''))) {
    if (CANCEL.has(first)) return { kind: 'appointment_cancel', code };
    if (MOVE.has(first)) return { kind: 'appointment_move', code };
  }
  if (first && STATUS.has(first) && (ticket || ws.length <= 2)) return { kind: 'status', ticket };
  if (ticket && ws.length <= 4) return { kind: 'status', ticket };
  if (text.trim() === '?') return { kind: 'help' };
  if (!first || ws.length > 3) return null;
  if (CANCEL.has(first)) return { kind: 'cancel' };
  if (MENU.has(first)) return { kind: 'menu' };
  if (HELP.has(first)) return { kind: 'help' };
  return null;
}

const YES = new Set(['ya', 'iya', 'y', 'yes', 'yap', 'yup', 'benar', 'betul', 'bener', 'ok', 'oke', 'okay', 'setuju', 'boleh', 'rahasiakan', 'sip']);
const NO = new Set(['tidak', 'tdk', 'gak', 'ga', 'nggak', 'ngga', 'enggak', 'engga', 'no', 'nope', 'bukan', 'salah', 'jangan']);

/** true = yes, false = no, null = neither (or both). */
export function parseYesNo(text: string): boolean | null {
  const ws = words(text).slice(0, 3);
  const yes = ws.some((w) => YES.has(w));
  const no = ws.some((w) => NO.has(w));
  if (yes === no) return null;
  return yes;
}

const DONE = new Set(['selesai', 'lewati', 'lanjut', 'lanjutkan', 'skip', 'next', 'done', 'cukup', 'sudah']);
export function isDone(text: string): boolean {
  const ws = words(text);
  return (ws.length <= 3 && ws.some((w) => DONE.has(w))) || /^tidak ada\b/.test(ws.join(' '));
}

const SEND = new Set(['kirim', 'send', 'kirimkan', 'submit']);
const EDIT = new Set(['ubah', 'edit', 'ganti', 'change', 'koreksi']);
export function parseSummaryAnswer(text: string): 'send' | 'edit' | null {
  const ws = words(text).slice(0, 3);
  if (ws.some((w) => SEND.has(w))) return 'send';
  if (ws.some((w) => EDIT.has(w))) return 'edit';
  if (parseYesNo(text) === true) return 'send';
  return null;
}

/** A number typed to pick row N of the list just shown (1-based), else null. */
export function parseChoiceNumber(text: string): number | null {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : null;
}

const TYPE_WORDS: Array<[ComplaintType, string[]]> = [
  ['pengaduan', ['pengaduan', 'aduan', 'adu', 'lapor', 'laporan', 'keluhan', 'complaint', 'report']],
  ['aspirasi', ['aspirasi', 'usulan', 'usul', 'aspiration', 'proposal']],
  ['saran', ['saran', 'masukan', 'suggestion', 'feedback']],
  ['informasi', ['informasi', 'info', 'tanya', 'bertanya', 'information', 'question']],
];
export function parseType(text: string): ComplaintType | null {
  const ws = words(text).slice(0, 12);
  for (const [type, list] of TYPE_WORDS) if (ws.some((w) => list.includes(w))) return type;
  return null;
}

const MEET = new Set(['ketemu', 'bertemu', 'temu', 'jumpa', 'berjumpa', 'menemui', 'audiensi', 'meet', 'meeting', 'appointment', 'menghadap', 'sowan']);
const HEAD = new Set(['bupati', 'walikota', 'wali', 'pimpinan', 'regent', 'mayor']);

/** "mau ketemu bupati", "ingin bertemu pak bupati", "temu bupati", "I want to meet the regent": start a booking. */
export function wantsMeeting(text: string): boolean {
  const ws = words(text);
  if (ws.length === 0 || ws.length > 12) return false;
  if (ws.includes('audiensi')) return true;
  return ws.some((w) => MEET.has(w)) && ws.some((w) => HEAD.has(w));
}
