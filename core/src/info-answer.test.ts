import { describe, expect, it } from 'vitest';
import { infoAnswer } from './info-answer.ts';
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

  it('is a move the service account may make on the citizen’s behalf', () => {
    expect(canTransition('needs_info', 'received', 'service')).toBe(true);
  });
});
