import { describe, expect, it } from 'vitest';
import { InboundMessage, WebhookPayload, extractEvents, messageMedia } from '@kanal-aduan/core';
import { InboundRequest, inboundMessage, inboundProblem, inboundType, toWaId } from './inbound.ts';
import { webhookBody } from './webhook-payload.ts';

const at = new Date('2026-11-20T03:04:05Z');
const media = { id: '1234567890123456', mime_type: 'image/jpeg', sha256: 'a'.repeat(64) };
const build = (req: unknown, extra: Partial<Parameters<typeof inboundMessage>[1]> = {}) =>
  inboundMessage(InboundRequest.parse(req), { wamid: 'wamid.TEST', at, ...extra });

describe('toWaId', () => {
  it.each([
    ['6281234567890', '6281234567890'],
    ['+62 812-3456-7890', '6281234567890'],
    ['081234567890', '6281234567890'],
    ['+1 555 000 0001', '15550000001'],
  ])('%s -> %s', (input, waId) => expect(toWaId(input)).toBe(waId));

  it.each(['', 'budi', '12', '+0812345678'])('rejects %j', (input) => expect(toWaId(input)).toBeNull());
});

describe('inboundMessage', () => {
  it('infers the type from the part given', () => {
    expect(inboundType(InboundRequest.parse({ from: '62811', text: 'x' }))).toBe('text');
    expect(inboundType(InboundRequest.parse({ from: '62811', list_reply: { id: 'a', title: 'A' } }))).toBe('interactive');
    expect(inboundType(InboundRequest.parse({ from: '62811', location: { latitude: 1, longitude: 2 } }))).toBe('location');
    expect(inboundType(InboundRequest.parse({ from: '62811', media: {} }))).toBe('image');
  });

  it('explains what is missing', () => {
    expect(inboundProblem(InboundRequest.parse({ from: '6281234567890' }))).toMatch(/text/);
    expect(inboundProblem(InboundRequest.parse({ from: '6281234567890', type: 'location' }))).toMatch(/location/);
    expect(inboundProblem(InboundRequest.parse({ from: 'abc', text: 'x' }))).toMatch(/from/);
    expect(inboundProblem(InboundRequest.parse({ from: '6281234567890', text: 'x' }))).toBeNull();
  });

  it('uses Meta timestamps (unix seconds as a string)', () => {
    expect(build({ from: '6281234567890', text: 'halo' })).toEqual({
      from: '6281234567890',
      id: 'wamid.TEST',
      timestamp: String(at.getTime() / 1000),
      type: 'text',
      text: { body: 'halo' },
    });
  });

  // Every type the simulator can produce must parse with core's webhook schema,
  // or the bot would reject what the simulator sends.
  it.each([
    [{ text: 'halo' }, {}],
    [{ button_reply: { id: 'y', title: 'Ya' } }, { context: { from: '15550000001', id: 'wamid.BOT' } }],
    [{ list_reply: { id: 'r', title: 'Jalan', description: 'd' } }, {}],
    [{ button: { payload: 'STOP', text: 'Berhenti' } }, {}],
    [{ location: { latitude: -3.4, longitude: 104.8, name: 'Kayuagung', address: 'Jl. Letnan Mukhtar Saleh' } }, {}],
    [{ type: 'image', media: { caption: 'foto' } }, { media }],
    [{ type: 'video' }, { media: { ...media, mime_type: 'video/mp4' } }],
    [{ type: 'audio' }, { media: { ...media, mime_type: 'audio/ogg; codecs=opus' } }],
    [{ type: 'document', media: { caption: 'surat' } }, { media: { ...media, mime_type: 'application/pdf', filename: 'surat.pdf' } }],
    [{ type: 'sticker' }, { media: { ...media, mime_type: 'image/webp' } }],
    [{ contacts: [{ name: { formatted_name: 'Pak RT' }, phones: [{ phone: '+62811' }] }] }, {}],
    [{ reaction: { message_id: 'wamid.BOT', emoji: '👍' } }, {}],
    [{ type: 'unsupported' }, {}],
  ])('%j parses with core', (part, extra) => {
    const msg = build({ from: '6281234567890', ...part }, extra);
    expect(InboundMessage.safeParse(msg).success).toBe(true);
    const payload = webhookBody(
      { wabaId: '2', phoneNumberId: '1', displayPhoneNumber: '15550000001' },
      { contacts: [{ profile: { name: 'Budi' }, wa_id: '6281234567890' }], messages: [msg] },
    );
    const events = extractEvents(WebhookPayload.parse(payload));
    expect(events[0]).toMatchObject({ kind: 'message', phoneNumberId: '1', contact: { wa_id: '6281234567890', name: 'Budi' } });
  });

  it('gives documents a filename and voice notes the voice flag', () => {
    const doc = build({ from: '6281234567890', type: 'document' }, { media: { ...media, mime_type: 'application/pdf' } });
    expect(doc.document).toMatchObject({ filename: 'dokumen.pdf', id: media.id });
    expect(messageMedia(InboundMessage.parse(doc))).toMatchObject({ kind: 'document', id: media.id });
    const voice = build({ from: '6281234567890', type: 'audio' }, { media });
    expect(voice.audio).toMatchObject({ voice: true });
  });
});
