import { describe, expect, it } from 'vitest';
import { WaMessageStatus } from '../model.ts';
import { foldDeliveryStatuses, nextDeliveryStatus, statusesReplacedBy, toWaStatus } from './delivery-status.ts';

const st = (id: string, status: string, extra: Record<string, unknown> = {}) => ({ id, status, timestamp: '1790000000', recipient_id: '6281234567890', ...extra });

describe('nextDeliveryStatus', () => {
  it('moves forward only, whatever order Meta sends in; failed wins over everything', () => {
    expect(nextDeliveryStatus('sent', 'delivered')).toBe('delivered');
    expect(nextDeliveryStatus('read', 'delivered')).toBe('read');
    expect(nextDeliveryStatus('read', 'failed')).toBe('failed');
    expect(nextDeliveryStatus('failed', 'read')).toBe('failed');
    expect(nextDeliveryStatus(null, 'sent')).toBe('sent');
  });

  it('ignores statuses wa_messages does not track', () => {
    expect(toWaStatus('deleted')).toBeNull();
    expect(toWaStatus('played')).toBeNull();
    expect(toWaStatus('read')).toBe('read');
  });
});

describe('statusesReplacedBy (the SQL form of the same rule)', () => {
  it('lists exactly the stored statuses nextDeliveryStatus would replace', () => {
    for (const incoming of WaMessageStatus.options) {
      for (const current of WaMessageStatus.options) {
        const moves = nextDeliveryStatus(current, incoming) !== current;
        expect(statusesReplacedBy(incoming).includes(current), `${current} -> ${incoming}`).toBe(moves);
      }
    }
    expect(statusesReplacedBy('delivered')).toEqual(['received', 'sent']);
    expect(statusesReplacedBy('sent')).toEqual(['received']);
  });
});

describe('foldDeliveryStatuses', () => {
  it('gives one outcome per message, as if the statuses were applied one by one', () => {
    const { messages, ignored } = foldDeliveryStatuses([
      st('wamid.A', 'sent'),
      st('wamid.B', 'read'),
      st('wamid.A', 'read'),
      st('wamid.A', 'delivered'),
      st('wamid.B', 'delivered'),
    ]);
    expect(ignored).toBe(0);
    expect(messages.map((m) => [m.wamid, m.status])).toEqual([
      ['wamid.A', 'read'],
      ['wamid.B', 'read'],
    ]);
    expect(messages[0]!.first.status).toBe('sent');
  });

  it("keeps Meta's errors of a failure, also when a later status has none", () => {
    const errors = [{ code: 131026, title: 'Message undeliverable' }];
    const { messages } = foldDeliveryStatuses([st('wamid.A', 'sent'), st('wamid.A', 'failed', { errors }), st('wamid.A', 'read')]);
    expect(messages).toEqual([expect.objectContaining({ wamid: 'wamid.A', status: 'failed', errors })]);
  });

  it('counts statuses it does not track as ignored and takes the business-scoped id when there is no wa_id', () => {
    const { messages, ignored } = foldDeliveryStatuses([
      st('wamid.A', 'deleted'),
      { id: 'wamid.U', status: 'sent', recipient_user_id: 'ID.1502576394655843' },
    ]);
    expect(ignored).toBe(1);
    expect(messages).toEqual([expect.objectContaining({ wamid: 'wamid.U', recipient: 'ID.1502576394655843', errors: null })]);
  });
});
