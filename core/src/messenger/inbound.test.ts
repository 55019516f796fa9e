import { describe, expect, it } from 'vitest';
import { answerInputs } from '../conversation/answer-inputs.ts';
import { InboundMessage, messageText, replyId } from '../whatsapp/webhook.ts';
import { MessengerWebhook, messengerEvents, type MessengerEvent } from './inbound.ts';

const NOW = new Date('2026-12-06T02:00:00Z');
const PAGE = '106000000000001';
const PSID = '2462519940456789';
const TS = 1790000000123;

const body = (object: 'page' | 'instagram', ...messaging: unknown[]) => ({ object, entry: [{ id: PAGE, time: TS, messaging }] });
const from = (extra: Record<string, unknown>) => ({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: TS, ...extra });

function events(b: unknown): MessengerEvent[] {
  return messengerEvents(MessengerWebhook.parse(b), NOW);
}

function one(b: unknown) {
  const [e] = events(b);
  if (!e || e.kind !== 'message') throw new Error(`ignored: ${e?.kind === 'ignored' ? e.reason : 'none'}`);
  // Whatever we emit must be a message the WhatsApp intake accepts.
  expect(InboundMessage.safeParse(e.message).success).toBe(true);
  return e;
}

const reason = (b: unknown) => {
  const [e] = events(b);
  expect(e?.kind).toBe('ignored');
  return e?.kind === 'ignored' ? e.reason : '';
};

describe('messengerEvents: a person\'s messages become WhatsApp-shaped messages', () => {
  it('text on Messenger: fb:<mid>, the fb: address, seconds from the ms timestamp, no name', () => {
    const e = one(body('page', from({ message: { mid: 'm_AbC123', text: 'Lampu jalan mati di Jl. Merdeka' } })));
    expect(e).toEqual({
      kind: 'message',
      channel: 'messenger',
      account: `fb:${PAGE}`,
      sender: `fb:${PSID}`,
      contact: { wa_id: `fb:${PSID}` },
      message: { from: `fb:${PSID}`, id: 'fb:m_AbC123', timestamp: '1790000000', type: 'text', text: { body: 'Lampu jalan mati di Jl. Merdeka' } },
    });
    expect(messageText(e.message)).toBe('Lampu jalan mati di Jl. Merdeka');
  });

  it('text on Instagram: ig: address and id; a reply keeps the quoted message as context', () => {
    const e = one(body('instagram', from({ message: { mid: 'aWdfZAG1f', text: 'halo', reply_to: { mid: 'aWdPrev' } } })));
    expect(e.channel).toBe('instagram');
    expect(e.account).toBe(`ig:${PAGE}`);
    expect(e.sender).toBe(`ig:${PSID}`);
    expect(e.message).toMatchObject({ id: 'ig:aWdfZAG1f', context: { id: 'ig:aWdPrev' } });
  });

  it('a quick reply tap is a button_reply with the payload as id and the text as title', () => {
    const e = one(body('page', from({ message: { mid: 'm_q', text: 'Ya, kirim', quick_reply: { payload: 'confirm_yes' } } })));
    expect(e.message).toMatchObject({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'confirm_yes', title: 'Ya, kirim' } } });
    expect(replyId(e.message)).toBe('confirm_yes');
  });

  it('a postback is a button_reply with id fb:pb:<sender>:<timestamp>', () => {
    const e = one(body('page', from({ postback: { title: 'Mulai', payload: 'GET_STARTED' } })));
    expect(e.message).toMatchObject({
      id: `fb:pb:${PSID}:${TS}`,
      timestamp: '1790000000',
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'GET_STARTED', title: 'Mulai' } },
    });
  });

  it('a location attachment with coordinates becomes a location', () => {
    const e = one(body('page', from({ message: { mid: 'm_loc', attachments: [{ type: 'location', payload: { coordinates: { lat: -3.4, long: 104.83 } } }] } })));
    expect(e.message).toMatchObject({ type: 'location', location: { latitude: -3.4, longitude: 104.83 } });
  });

  it('a photo, video, voice note and file become WhatsApp media with id fb:<mid>#<n> and a mime type guessed from the kind or URL', () => {
    const cases = [
      { attachment: { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/4711_n.png?_nc_cat=1&oh=00_x' } }, type: 'image', media: { mime_type: 'image/png' } },
      { attachment: { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo?stp=dst-jpg' } }, type: 'image', media: { mime_type: 'image/jpeg' } },
      { attachment: { type: 'video', payload: { url: 'https://video.xx.fbcdn.net/v/t42.3356-2/v.mp4?oh=1' } }, type: 'video', media: { mime_type: 'video/mp4' } },
      { attachment: { type: 'audio', payload: { url: 'https://cdn.fbsbx.com/v/t59.3654-21/audioclip-1790000000.mp4?oh=1' } }, type: 'audio', media: { mime_type: 'audio/mp4' } },
      {
        attachment: { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/Surat%20Pengaduan.pdf?_nc_cat=1' } },
        type: 'document',
        media: { mime_type: 'application/pdf', filename: 'Surat Pengaduan.pdf' },
      },
    ];
    for (const c of cases) {
      const e = one(body('page', from({ message: { mid: 'm_att', attachments: [c.attachment] } })));
      expect(e.message.type, c.attachment.payload.url).toBe(c.type);
      expect((e.message as Record<string, unknown>)[c.type]).toEqual({ id: 'fb:m_att#0', ...c.media });
      expect(answerInputs(e.message).attachment).toMatchObject({ wa_media_id: 'fb:m_att#0', kind: c.type, mime_type: c.media.mime_type });
    }
  });

  it('on Instagram the media id is ig:<mid>#<n>; the text of the message is the caption', () => {
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDU0${'x'.repeat(100)}`;
    const e = one(body('instagram', from({ message: { mid, text: 'Jalan berlubang di sini', attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1&signature=abc' } }] } })));
    expect(e.message).toMatchObject({ id: `ig:${mid}`, type: 'image', image: { id: `ig:${mid}#0`, mime_type: 'image/jpeg', caption: 'Jalan berlubang di sini' } });
    expect(messageText(e.message)).toBe('Jalan berlubang di sini');
  });

  it('of several attachments only the first media is kept, by its own index (a sticker before it is skipped)', () => {
    const attachments = [
      { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/like.png', sticker_id: 369239263222822 } },
      { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/a.jpg' } },
      { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/b.jpg' } },
    ];
    const e = one(body('page', from({ message: { mid: 'm_three', attachments } })));
    expect(e.message).toMatchObject({ type: 'image', image: { id: 'fb:m_three#1' } });
  });

  it('a media id that would pass 255 characters is not made up: the message stays unsupported', () => {
    const mid = 'm'.repeat(260);
    const e = one(body('page', from({ message: { mid, attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/a.jpg' } }] } })));
    expect(e.message.type).toBe('unsupported');
  });

  it('stickers, the like button, shares, story mentions, reels and fallbacks stay unsupported', () => {
    for (const attachment of [
      { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/like.png', sticker_id: 369239263222822 } },
      { type: 'fallback', payload: { url: 'https://example.com/berita', title: 'Berita' } },
      { type: 'share', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2' } },
      { type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=3' } },
      { type: 'ig_reel', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=4' } },
    ]) {
      const e = one(body('page', from({ message: { mid: 'm_att', attachments: [attachment] } })));
      expect(e.message.type, attachment.type).toBe('unsupported');
      expect(answerInputs(e.message).attachment).toBeNull();
    }
  });
});

describe('messengerEvents: what is not a citizen\'s message is ignored', () => {
  it('echoes of our own sends, reads, deliveries, reactions, referrals, opt-ins', () => {
    expect(reason(body('page', { sender: { id: PAGE }, recipient: { id: PSID }, timestamp: TS, message: { mid: 'm_echo', is_echo: true, text: 'Terima kasih' } }))).toMatch(/echo/);
    expect(reason(body('page', from({ read: { watermark: TS } })))).toMatch(/"read"/);
    expect(reason(body('page', from({ delivery: { mids: ['m_1'], watermark: TS } })))).toMatch(/"delivery"/);
    expect(reason(body('instagram', from({ reaction: { mid: 'm_1', action: 'react', reaction: 'love', emoji: '❤️' } })))).toMatch(/"reaction"/);
    expect(reason(body('page', from({ referral: { ref: 'qr', source: 'SHORTLINK', type: 'OPEN_THREAD' } })))).toMatch(/"referral"/);
    expect(reason(body('page', from({ optin: { type: 'notification_messages' } })))).toMatch(/"optin"/);
  });

  it('a message from the page itself, a standby event, an unknown shape', () => {
    expect(reason(body('page', { sender: { id: PAGE }, recipient: { id: PSID }, timestamp: TS, message: { mid: 'm_x', text: 'hai' } }))).toMatch(/page itself/);
    expect(reason({ object: 'page', entry: [{ id: PAGE, time: TS, standby: [from({ message: { mid: 'm_s', text: 'x' } })] }] })).toMatch(/standby/);
    expect(reason(body('page', { hello: 'world' }))).toMatch(/not a citizen|without a person/);
    expect(reason(body('page', 42))).toMatch(/unknown shape/);
  });

  it('every event of a batched webhook, in order', () => {
    const b = {
      object: 'page',
      entry: [
        { id: PAGE, time: TS, messaging: [from({ message: { mid: 'm_1', text: 'satu' } }), from({ read: { watermark: TS } })] },
        { id: PAGE, time: TS, messaging: [from({ message: { mid: 'm_2', text: 'dua' } })] },
      ],
    };
    expect(events(b).map((e) => (e.kind === 'message' ? e.message.id : 'ignored'))).toEqual(['fb:m_1', 'ignored', 'fb:m_2']);
  });

  it('each message names the account of its own entry (a desk\'s page and the main page in one batch)', () => {
    const DESK = '106000000000777';
    const b = {
      object: 'page',
      entry: [
        { id: DESK, time: TS, messaging: [from({ recipient: { id: DESK }, message: { mid: 'm_1', text: 'ke meja' } })] },
        { id: PAGE, time: TS, messaging: [from({ postback: { title: 'Mulai', payload: 'GET_STARTED' } })] },
      ],
    };
    expect(events(b).map((e) => (e.kind === 'message' ? e.account : 'ignored'))).toEqual([`fb:${DESK}`, `fb:${PAGE}`]);
  });
});
