import { describe, expect, it } from 'vitest';
import {
  BSUID,
  CITIZEN_WA_ID,
  NEW_WA_ID,
  customerChangedNumberFixture,
  editCaptionFixture,
  editFixture,
  groupFixture,
  reactionFixture,
  reactionRemovedFixture,
  requestWelcomeFixture,
  revokeFixture,
  textFixture,
  unknownTypeFixture,
  usernameOnlyFixture,
  valueErrorFixture,
  numberChangedFixture,
} from './fixtures.ts';
import {
  REVOKED_PLACEHOLDER,
  editedPayload,
  inboundHandling,
  messageTextOf,
  planIdentityChange,
  revokedPayload,
  reviseDescription,
  webhookErrorKey,
} from './inbound-handling.ts';
import { WebhookPayload, extractEvents } from './webhook.ts';

function handle(fixture: unknown) {
  const [e] = extractEvents(WebhookPayload.parse(fixture));
  if (e?.kind !== 'message') throw new Error('expected a message');
  return inboundHandling(e.message, e.sender);
}

describe('inboundHandling: one deliberate answer per kind', () => {
  it('ordinary messages, unknown types and request_welcome are chat turns', () => {
    expect(handle(textFixture)).toEqual({ kind: 'converse' });
    expect(handle(unknownTypeFixture)).toEqual({ kind: 'converse' });
    expect(handle(requestWelcomeFixture)).toEqual({ kind: 'converse' });
  });

  it('reactions, added or removed, are recorded only', () => {
    expect(handle(reactionFixture)).toEqual({ kind: 'record', reason: 'reaction' });
    expect(handle(reactionRemovedFixture)).toEqual({ kind: 'record', reason: 'reaction' });
  });

  it('a group message is recorded, never a personal chat turn', () => {
    expect(handle(groupFixture)).toEqual({ kind: 'record', reason: 'group' });
  });

  it('an edit names the original and carries the new text or caption', () => {
    expect(handle(editFixture)).toEqual({
      kind: 'edit',
      original: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMEY0',
      text: 'Jalan di depan SD Negeri 3 Kayuagung berlubang besar',
    });
    expect(handle(editCaptionFixture)).toMatchObject({ kind: 'edit', original: 'wamid.IMG1', text: 'Foto yang benar' });
  });

  it('a revoke names the original', () => {
    expect(handle(revokeFixture)).toEqual({ kind: 'revoke', original: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMEY0' });
  });

  it('a number change (both spellings) moves the citizen to the new wa_id with its E.164 phone', () => {
    const expected = { kind: 'identity_change', from: CITIZEN_WA_ID, to: NEW_WA_ID, phone: `+${NEW_WA_ID}` };
    expect(handle(numberChangedFixture)).toEqual(expected);
    expect(handle(customerChangedNumberFixture)).toEqual(expected);
  });

  it('a BSUID change moves a citizen keyed on the BSUID', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '2' }, messages: [
        { id: 'wamid.S', timestamp: '1', type: 'system', system: { type: 'user_changed_user_id', previous_user_id: BSUID, user_id: 'ID.99' } },
      ] } }] }],
    };
    expect(handle(body)).toEqual({ kind: 'identity_change', from: BSUID, to: 'ID.99', phone: null });
  });

  it('a username user is a chat turn keyed on the BSUID', () => {
    const [e] = extractEvents(WebhookPayload.parse(usernameOnlyFixture));
    expect(e).toMatchObject({ kind: 'message', sender: BSUID, contact: { user_id: BSUID, name: 'Siti', username: '@siti.oki' } });
    expect(handle(usernameOnlyFixture)).toEqual({ kind: 'converse' });
  });

  it('value-level errors become one error event', () => {
    const events = extractEvents(WebhookPayload.parse(valueErrorFixture));
    expect(events).toEqual([expect.objectContaining({ kind: 'error', errors: [expect.objectContaining({ code: 131056 })] })]);
  });
});

describe('stored messages: edits and revokes', () => {
  const stored = { from: CITIZEN_WA_ID, id: 'wamid.A', timestamp: '1', type: 'text', text: { body: 'Jalan rusak di Paku' } };

  it('an edit replaces the text and keeps what it was', () => {
    const out = editedPayload(stored, 'Jalan rusak di Sukadana', { wamid: 'wamid.E', at: '2026-01-01T00:00:00Z' });
    expect(messageTextOf(out)).toBe('Jalan rusak di Sukadana');
    expect(out['edits']).toEqual([{ wamid: 'wamid.E', at: '2026-01-01T00:00:00Z', before: 'Jalan rusak di Paku' }]);
  });

  it('an edit of a photo replaces its caption', () => {
    const photo = { from: CITIZEN_WA_ID, id: 'wamid.P', timestamp: '1', type: 'image', image: { id: 'm1', caption: 'lama' } };
    expect(messageTextOf(editedPayload(photo, 'baru', { wamid: 'w', at: 't' }))).toBe('baru');
  });

  it('a revoke keeps only who, when and what kind', () => {
    const out = revokedPayload(stored, { wamid: 'wamid.R', at: 't' });
    expect(out).toEqual({ from: CITIZEN_WA_ID, id: 'wamid.A', timestamp: '1', type: 'text', revoked: { wamid: 'wamid.R', at: 't' } });
    expect(JSON.stringify(out)).not.toContain('Paku');
  });

  it('the report text follows an edit or hides a revoked message, only when it holds that text word for word', () => {
    const description = 'Jalan rusak di Paku\nSudah 3 bulan';
    expect(reviseDescription(description, 'Jalan rusak di Paku', 'Jalan rusak di Sukadana')).toBe('Jalan rusak di Sukadana\nSudah 3 bulan');
    expect(reviseDescription(description, 'Jalan rusak di Paku', null)).toBe(`${REVOKED_PLACEHOLDER}\nSudah 3 bulan`);
    expect(reviseDescription(description, 'pesan lain', null)).toBeNull();
    expect(reviseDescription(description, null, 'x')).toBeNull();
    expect(reviseDescription('harga $& naik', 'harga $& naik', 'a $1 b')).toBe('a $1 b');
  });
});

describe('planIdentityChange', () => {
  const to = NEW_WA_ID;
  const phone = `+${NEW_WA_ID}`;

  it('a new number nobody used: rename the citizen and the conversation (reports follow the citizen)', () => {
    expect(
      planIdentityChange(to, phone, { oldCitizen: { id: 'c1', phone: '+1' }, newCitizen: null, oldConversation: { id: 'v1' }, newConversation: null }),
    ).toEqual([
      { op: 'update_citizen', id: 'c1', patch: { wa_id: to, phone } },
      { op: 'update_conversation', id: 'v1', patch: { wa_id: to } },
    ]);
  });

  it('a number that already has a citizen: every report moves onto that row, the old row and a newer chat stay', () => {
    expect(
      planIdentityChange(to, phone, { oldCitizen: { id: 'c1', phone: '+1' }, newCitizen: { id: 'c2', phone: null }, oldConversation: { id: 'v1' }, newConversation: { id: 'v2' } }),
    ).toEqual([
      { op: 'move_reports', from: 'c1', to: 'c2' },
      { op: 'update_citizen', id: 'c2', patch: { phone } },
    ]);
  });

  it('nothing known under the old number: nothing to do', () => {
    expect(planIdentityChange(to, phone, { oldCitizen: null, newCitizen: null, oldConversation: null, newConversation: null })).toEqual([]);
  });
});

it('webhookErrorKey: the same notice retried within the minute has one key', () => {
  const at = new Date('2026-12-04T04:00:10Z');
  expect(webhookErrorKey('1', [{ code: 131056 }], at)).toBe(webhookErrorKey('1', [{ code: 131056 }], new Date('2026-12-04T04:00:50Z')));
  expect(webhookErrorKey('1', [{ code: 131056 }], at)).not.toBe(webhookErrorKey('1', [{ code: 130429 }], at));
});

it('reviseLines: a draft line follows an edit and disappears with a revoke', async () => {
  const { reviseLines } = await import('./inbound-handling.ts');
  expect(reviseLines(['a b', 'c d'], 'c d', 'e f')).toEqual(['a b', 'e f']);
  expect(reviseLines(['a b', 'c d'], 'a b', null)).toEqual(['c d']);
  expect(reviseLines(['a b'], 'x', null)).toBeNull();
});
