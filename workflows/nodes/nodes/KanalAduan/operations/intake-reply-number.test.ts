import type { HandleAnswer, RedriveAnswer } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { replyItems } from './intake-handle.ts';
import { redriveItems } from './intake-redrive.ts';

const reply = (id: string, from?: string) => ({ id, to: '6281234567890', type: 'text', message: { messaging_product: 'whatsapp', to: '6281234567890', type: 'text', text: { body: 'Halo' } }, ...(from ? { from } : {}) }) as HandleAnswer['replies'][number];

describe('replies go out from the number the citizen wrote to', () => {
  it('names that number on each reply item, and none for the default number', () => {
    const answer = { wamid: 'wamid.IN', duplicate: false, handling: 'converse', converse: true, replies: [reply('a', '100000000000002'), reply('b')], media: [], complaintId: null, ticket: null, state: null, effects: [], error: null, handled: 1 } as unknown as HandleAnswer;
    expect(replyItems(answer, 0).map((i) => i.json.phoneNumberId)).toEqual(['100000000000002', null]);
    const redrive = { citizens: 1, handled: 1, replies: [reply('c', '100000000000002')], media: [] } as unknown as RedriveAnswer;
    expect(redriveItems(redrive).map((i) => i.json.phoneNumberId)).toEqual(['100000000000002']);
  });
});
