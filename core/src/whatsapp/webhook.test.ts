import { describe, expect, it } from 'vitest';
import {
  CITIZEN_WA_ID,
  PHONE_NUMBER_ID,
  buttonReplyFixture,
  deliveredFixture,
  failedFixture,
  imageFixture,
  inbound,
  listReplyFixture,
  locationFixture,
  notification,
  stickerFixture,
  textFixture,
  unknownTypeFixture,
  unsupportedFixture,
} from './fixtures.ts';
import {
  WebhookPayload,
  answerVerification,
  extractEvents,
  isKnownMessage,
  messageMedia,
  messageText,
  replyId,
  type InboundMessage,
} from './webhook.ts';

function onlyMessage(fixture: unknown): InboundMessage {
  const events = extractEvents(WebhookPayload.parse(fixture));
  expect(events).toHaveLength(1);
  const e = events[0]!;
  if (e.kind !== 'message') throw new Error('expected a message');
  expect(e.phoneNumberId).toBe(PHONE_NUMBER_ID);
  expect(e.contact).toEqual({ wa_id: CITIZEN_WA_ID, name: 'Siti Aminah' });
  return e.message;
}

describe('inbound messages', () => {
  it('text', () => {
    const m = onlyMessage(textFixture);
    expect(m.type).toBe('text');
    expect(m.from).toBe(CITIZEN_WA_ID);
    expect(messageText(m)).toBe('Jalan di depan SD Negeri 2 Kayuagung berlubang besar');
    expect(replyId(m)).toBeNull();
  });

  it('button reply', () => {
    const m = onlyMessage(buttonReplyFixture);
    expect(isKnownMessage(m) && m.type === 'interactive').toBe(true);
    expect(replyId(m)).toBe('confirm_yes');
    expect(messageText(m)).toBe('Ya, kirim');
    expect(m.context?.id).toBe('wamid.OUT1');
  });

  it('list reply', () => {
    const m = onlyMessage(listReplyFixture);
    expect(replyId(m)).toBe('cat_JALAN');
    expect(messageText(m)).toBe('Jalan & Jembatan');
  });

  it('location', () => {
    const m = onlyMessage(locationFixture);
    if (!isKnownMessage(m) || m.type !== 'location') throw new Error('expected location');
    expect(m.location).toEqual({
      latitude: -3.3946,
      longitude: 104.8311,
      name: 'Kayuagung',
      address: 'Jl. Letnan Mukhtar Saleh',
    });
    expect(messageText(m)).toBeNull();
  });

  it('image with caption', () => {
    const m = onlyMessage(imageFixture);
    expect(messageText(m)).toBe('Ini fotonya pak');
    expect(messageMedia(m)).toEqual({ kind: 'image', id: '1234567890123456', mime_type: 'image/jpeg', caption: 'Ini fotonya pak' });
  });

  it('sticker parses but is not evidence', () => {
    const m = onlyMessage(stickerFixture);
    expect(m.type).toBe('sticker');
    expect(messageMedia(m)).toBeNull();
    expect(messageText(m)).toBeNull();
  });

  it('an unknown type passes through so the bot can answer politely', () => {
    const m = onlyMessage(unknownTypeFixture);
    expect(m.type).toBe('order');
    expect(isKnownMessage(m)).toBe(false);
    expect((m as Record<string, unknown>)['order']).toMatchObject({ catalog_id: '1' });
    expect(messageText(m)).toBeNull();
  });

  it('unsupported carries its error', () => {
    const m = onlyMessage(unsupportedFixture);
    expect(m.type).toBe('unsupported');
    expect(m.errors?.[0]?.code).toBe(131051);
  });

  it('a known type with a wrong shape is rejected, not passed through as unknown', () => {
    expect(WebhookPayload.safeParse(inbound({ type: 'text', text: { nobody: 1 } })).success).toBe(false);
    expect(
      WebhookPayload.safeParse(inbound({ type: 'interactive', interactive: { type: 'button_reply', button_reply: {} } }))
        .success,
    ).toBe(false);
  });

  it('a message without contacts has no contact', () => {
    const payload = notification({ messages: [{ from: '628111', id: 'wamid.X', timestamp: '1', type: 'text', text: { body: 'hi' } }] });
    const [e] = extractEvents(WebhookPayload.parse(payload));
    expect(e).toMatchObject({ kind: 'message' });
    expect(e && 'contact' in e && e.contact).toBeFalsy();
  });
});

describe('statuses', () => {
  it('delivered', () => {
    const events = extractEvents(WebhookPayload.parse(deliveredFixture));
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'status',
        phoneNumberId: PHONE_NUMBER_ID,
        status: expect.objectContaining({ id: 'wamid.OUT1', status: 'delivered', recipient_id: CITIZEN_WA_ID }),
      }),
    ]);
  });

  it('failed with 131047 (outside the 24 h window)', () => {
    const [e] = extractEvents(WebhookPayload.parse(failedFixture));
    if (e?.kind !== 'status') throw new Error('expected status');
    expect(e.status.status).toBe('failed');
    expect(e.status.errors?.[0]?.code).toBe(131047);
  });
});

describe('payload shape', () => {
  it('rejects what is not a WhatsApp notification, saying where', () => {
    const r = WebhookPayload.safeParse({ object: 'page', entry: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['object']);
    expect(WebhookPayload.safeParse({ hello: 'world' }).success).toBe(false);
    expect(WebhookPayload.safeParse(notification({ messages: [{ type: 'text' }] })).success).toBe(false);
  });

  it('ignores other subscribed fields and keeps order across entries', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        { id: '1', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] },
        ...(textFixture['entry'] as unknown[]),
        ...(deliveredFixture['entry'] as unknown[]),
      ],
    };
    expect(extractEvents(WebhookPayload.parse(payload)).map((e) => e.kind)).toEqual(['message', 'status']);
  });

  it('matches each message to its own contact in a batch', () => {
    const payload = notification({
      contacts: [
        { profile: { name: 'A' }, wa_id: '6281111' },
        { profile: { name: 'B' }, wa_id: '6282222' },
      ],
      messages: [
        { from: '6282222', id: 'w1', timestamp: '1', type: 'text', text: { body: 'b' } },
        { from: '6281111', id: 'w2', timestamp: '1', type: 'text', text: { body: 'a' } },
      ],
    });
    const names = extractEvents(WebhookPayload.parse(payload)).map((e) => (e.kind === 'message' ? e.contact?.name : null));
    expect(names).toEqual(['B', 'A']);
  });
});

describe('answerVerification', () => {
  it.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' }, '1158201444'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }, null],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1' }, null],
    [{}, null],
  ])('%j -> %j', (query, answer) => expect(answerVerification(query, 'tok')).toBe(answer));

  it('never accepts with an empty configured token', () => {
    expect(answerVerification({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, '')).toBeNull();
  });
});
