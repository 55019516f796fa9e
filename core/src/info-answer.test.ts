import { describe, expect, it } from 'vitest';
import { answersPendingQuestion, infoAnswer, isGreeting } from './info-answer.ts';
import { canTransition } from './statuses.ts';

describe('infoAnswer', () => {
  it('takes a free-text message as the answer', () => {
    expect(infoAnswer({ text: '  Lokasinya di depan masjid Al-Ikhlas, RT 03.  ' })).toBe('Lokasinya di depan masjid Al-Ikhlas, RT 03.');
  });

  it.each([[{ text: 'menu' }], [{ text: 'batal' }], [{ text: 'cek ADU-2611-00001' }], [{ text: '?' }], [{ text: '' }], [{ text: 'ok', replyId: 'sat:5' }]])(
    'leaves commands, taps and empty messages to the conversation: %o',
    (m) => {
      expect(infoAnswer(m)).toBeNull();
    },
  );

  it.each(['Halo', 'halo min', 'Selamat pagi, Pak', "Assalamu'alaikum wr wb", 'P'])('a bare greeting is not an answer: %s', (text) => {
    expect(isGreeting(text)).toBe(true);
    expect(infoAnswer({ text })).toBeNull();
  });

  it('a greeting followed by the answer is an answer', () => {
    expect(infoAnswer({ text: 'Halo pak, lampunya di depan SD Negeri 2' })).toBe('Halo pak, lampunya di depan SD Negeri 2');
  });

  it('is a move the service account may make on the citizen’s behalf', () => {
    expect(canTransition('needs_info', 'received', 'service')).toBe(true);
  });
});

describe('answersPendingQuestion', () => {
  const asked = '2026-11-23T03:00:00.000Z';
  it('an idle conversation (or none) answers the question', () => {
    expect(answersPendingQuestion(null, asked)).toBe(true);
    expect(answersPendingQuestion({ state: 'idle', last_inbound_at: '2026-11-23T05:00:00.000Z' }, asked)).toBe(true);
    // "Halo" after the question leaves the bot at the menu: the next text is still the answer.
    expect(answersPendingQuestion({ state: 'menu', last_inbound_at: '2026-11-23T05:00:00.000Z' }, asked)).toBe(true);
  });

  it('a report the citizen started after the question goes on; one older than the question does not', () => {
    expect(answersPendingQuestion({ state: 'ask_place', last_inbound_at: '2026-11-23T05:00:00.000Z' }, asked)).toBe(false);
    expect(answersPendingQuestion({ state: 'ask_place', last_inbound_at: '2026-11-22T05:00:00.000Z' }, asked)).toBe(true);
    expect(answersPendingQuestion({ state: 'ask_place', last_inbound_at: null }, asked)).toBe(true);
  });
});
