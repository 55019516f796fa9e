import { describe, expect, it } from 'vitest';
import { isDone, parseChoiceNumber, parseCommand, parseSummaryAnswer, parseType, parseYesNo } from './intents.ts';

describe('parseCommand', () => {
  it.each([
    ['batal', { kind: 'cancel' }],
    ['Batal!', { kind: 'cancel' }],
    ['cancel', { kind: 'cancel' }],
    ['menu', { kind: 'menu' }],
    ['MENU utama', { kind: 'menu' }],
    ['bantuan', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['cek', { kind: 'status', ticket: null }],
    ['cek status', { kind: 'status', ticket: null }],
    ['cek adu-2611-00042', { kind: 'status', ticket: 'ADU-2611-00042' }],
    ['Cek ADU – 2611 – 00042 ya pak', { kind: 'status', ticket: 'ADU-2611-00042' }],
    ['ADU-2611-00042', { kind: 'status', ticket: 'ADU-2611-00042' }],
    ['jalan ini batal diperbaiki padahal sudah dijanjikan', null],
    ['cek jalan di depan rumah saya rusak parah', null],
    ['halo', null],
  ])('%j', (text, expected) => {
    expect(parseCommand(text, 'ADU')).toEqual(expected);
  });
});

describe('answers', () => {
  it.each([
    ['ya', true],
    ['Iya betul', true],
    ['ok', true],
    ['tidak', false],
    ['gak usah', false],
    ['no', false],
    ['bukan', false],
    ['ya tidak', null],
    ['mungkin', null],
  ])('parseYesNo(%j) = %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });

  it.each([
    ['kirim', 'send'],
    ['Kirim sekarang', 'send'],
    ['ya', 'send'],
    ['ubah', 'edit'],
    ['ganti lokasinya', 'edit'],
    ['hmm', null],
  ])('parseSummaryAnswer(%j) = %s', (text, expected) => {
    expect(parseSummaryAnswer(text)).toBe(expected);
  });

  it.each([
    ['lewati', true],
    ['tidak ada foto', true],
    ['sudah', true],
    ['Selesai', true],
    ['fotonya nanti saya kirim sudah ada di hp teman', false],
  ])('isDone(%j) = %s', (text, expected) => {
    expect(isDone(text)).toBe(expected);
  });

  it.each([
    ['3', 3],
    [' 10. ', 10],
    ['2)', 2],
    ['3 hari', null],
    ['abc', null],
  ])('parseChoiceNumber(%j) = %s', (text, expected) => {
    expect(parseChoiceNumber(text)).toBe(expected);
  });

  it.each([
    ['saya mau lapor', 'pengaduan'],
    ['usulan', 'aspirasi'],
    ['mau kasih saran', 'saran'],
    ['mau tanya informasi', 'informasi'],
    ['I want to report a broken road', 'pengaduan'],
    ['halo', null],
  ])('parseType(%j) = %s', (text, expected) => {
    expect(parseType(text)).toBe(expected);
  });
});
