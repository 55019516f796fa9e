import { describe, expect, it } from 'vitest';
import { CHAT_ADDRESS_PATTERN, channelHasServiceWindow, channelOfAddress } from './channels.ts';
import { Chat } from './conversation/test-chat.ts';
import { windowForAddress } from './whatsapp/service-window.ts';

describe('a citizen address names its channel', () => {
  it('tg:<id> is Telegram; a wa_id or a business-scoped user id is WhatsApp', () => {
    expect(channelOfAddress('tg:5551234')).toBe('telegram');
    expect(channelOfAddress('6281234567890')).toBe('whatsapp');
    expect(channelOfAddress('ID.1234abcd')).toBe('whatsapp');
    // A group chat (negative id) is never a citizen: it does not pass as an address.
    for (const ok of ['6281234567890', 'ID.1234abcd', 'tg:5551234']) expect(CHAT_ADDRESS_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['tg:-100123', 'tg:', 'tg:12a', '+6281234567890', 'telegram:1']) expect(CHAT_ADDRESS_PATTERN.test(bad), bad).toBe(false);
  });

  it('only WhatsApp has a 24-hour window: a Telegram citizen always gets free text, never a template', () => {
    const now = new Date('2026-12-06T02:00:00Z');
    const weekAgo = new Date('2026-11-29T02:00:00Z');
    expect(channelHasServiceWindow('tg:5551234')).toBe(false);
    expect(windowForAddress('tg:5551234', weekAgo, now, 'kanal_aduan_kabar')).toEqual({ open: true, mode: 'text' });
    expect(windowForAddress('tg:5551234', null, now, 'kanal_aduan_kabar')).toEqual({ open: true, mode: 'text' });
    expect(windowForAddress('6281234567890', weekAgo, now, 'kanal_aduan_kabar')).toEqual({ open: false, mode: 'template' });
    expect(windowForAddress('6281234567890', new Date('2026-12-06T01:00:00Z'), now, 'kanal_aduan_kabar')).toEqual({ open: true, mode: 'text' });
    // Messenger and Instagram have a window but no WhatsApp templates: text, the send node picks the message tag.
    expect(windowForAddress('fb:7000123', weekAgo, now, 'kanal_aduan_kabar')).toEqual({ open: false, mode: 'text' });
    expect(windowForAddress('ig:7000123', new Date('2026-12-06T01:00:00Z'), now, 'kanal_aduan_kabar')).toEqual({ open: true, mode: 'text' });
  });

  it('a report filed in a Telegram chat carries channel telegram and the tg: address as its reporter', () => {
    const chat = new Chat({}, 'Dewi', 'tg:5551234');
    chat.say('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung. Sudah 2 bulan, motor sering jatuh.');
    chat.tap('Lewati');
    chat.tap('Tidak perlu');
    chat.tap('Kirim');
    expect(chat.reports).toMatchObject([{ kind: 'create_report', report: { channel: 'telegram', reporter_wa_id: 'tg:5551234', reporter_name: 'Dewi' } }]);
    // Every reply is addressed back to the Telegram chat.
    expect(chat.last!.replies.every((r) => (r as { to?: string; recipient?: string }).to === 'tg:5551234' || (r as { recipient?: string }).recipient === 'tg:5551234')).toBe(true);
  });
});
