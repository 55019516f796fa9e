import { describe, expect, it } from 'vitest';
import { Chat } from './test-chat.ts';

// Noise never becomes a report: greetings that are long enough to pass the
// length check still leave the bot asking, kindly, for the problem itself.

const askedForProblem = (chat: Chat) => chat.texts().some((t) => t.includes('mohon ceritakan masalahnya'));

describe('greetings at the description step', () => {
  it('asks for the real problem instead of moving on, and files nothing', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say('Selamat pagi bapak ibu, assalamualaikum, mohon izin mau lapor');
    expect(chat.state?.state).toBe('ask_description');
    expect(askedForProblem(chat)).toBe(true);
    chat.say('halo min, tes tes');
    expect(chat.state?.state).toBe('ask_description');
    expect(askedForProblem(chat)).toBe(true);
    expect(chat.reports).toHaveLength(0);
  });

  it('a bare greeting is asked for the problem, a short real text for more detail', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say('halo');
    expect(askedForProblem(chat)).toBe(true);
    chat.say('jalan rusak');
    expect(askedForProblem(chat)).toBe(false);
    expect(chat.texts().join(' ')).toMatch(/terlalu singkat/);
  });

  it('the greeting stays in the story and the real problem after it goes on to the next question', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say('Selamat pagi bapak ibu, mohon izin mau lapor');
    chat.say('Jalan berlubang besar di depan pasar, sudah dua motor jatuh');
    expect(chat.state?.state).not.toBe('ask_description');
    expect(chat.state?.draft?.description).toHaveLength(2);
  });

  it('a greeting with a photo is a report: the photo is the content', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say('Selamat pagi bapak ibu, mohon izin');
    expect(askedForProblem(chat)).toBe(true);
    chat.send({ from: '6281234567890', id: 'wamid.noise.photo', timestamp: '1795000000', type: 'image', image: { id: 'm1', mime_type: 'image/jpeg' } } as never);
    expect(chat.state?.state).not.toBe('ask_description');
  });
});
