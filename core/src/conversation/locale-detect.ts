import type { Locale } from '../model.ts';

// The bot answers in English only when the citizen clearly writes English;
// Indonesian is the default. A handful of frequent words is enough for the
// short messages people send on WhatsApp, and needs no model or dictionary.
const EN = new Set([
  'hello', 'hey', 'good', 'morning', 'evening', 'please', 'report', 'complaint', 'road', 'street', 'broken',
  'the', 'is', 'are', 'there', 'my', 'i', 'want', 'to', 'of', 'with', 'help', 'thanks', 'thank', 'you',
  'not', 'working', 'light', 'garbage', 'trash', 'water', 'near', 'since', 'check', 'would', 'like', 'hole',
]);
const ID = new Set([
  'halo', 'hallo', 'selamat', 'pagi', 'siang', 'sore', 'malam', 'saya', 'mau', 'ingin', 'lapor', 'melapor',
  'tolong', 'mohon', 'jalan', 'rusak', 'di', 'yang', 'ada', 'tidak', 'sudah', 'belum', 'dan', 'ini', 'itu',
  'ke', 'dari', 'pak', 'bu', 'terima', 'kasih', 'lampu', 'sampah', 'air', 'dekat', 'sejak', 'cek', 'assalamualaikum',
]);

/** 'en' or 'id' when the text leans clearly one way, else null (keep what we have). */
export function detectLocale(text: string | null): Locale | null {
  if (!text) return null;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let en = 0;
  let id = 0;
  for (const w of words) {
    if (EN.has(w)) en++;
    if (ID.has(w)) id++;
  }
  if (en > id) return 'en';
  if (id > en) return 'id';
  return null;
}
