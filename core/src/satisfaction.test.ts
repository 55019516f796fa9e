import { describe, expect, it } from 'vitest';
import { parseSatisfaction, satisfactionOutcome, satisfactionRows } from './satisfaction.ts';

describe('parseSatisfaction', () => {
  it.each([
    [{ replyId: 'sat:5' }, { kind: 'rating', rating: 5 }],
    [{ replyId: 'sat:1' }, { kind: 'rating', rating: 1 }],
    [{ replyId: 'sat:reopen' }, { kind: 'reopen' }],
    [{ text: '4' }, { kind: 'rating', rating: 4 }],
    [{ text: 'nilai 2' }, { kind: 'rating', rating: 2 }],
    [{ text: '3/5' }, { kind: 'rating', rating: 3 }],
    [{ text: 'Belum selesai' }, { kind: 'reopen' }],
    [{ text: 'blm selesai pak' }, { kind: 'reopen' }],
    [{ text: 'not fixed' }, { kind: 'reopen' }],
  ])('%o -> %o', (input, answer) => {
    expect(parseSatisfaction(input)).toEqual(answer);
  });

  it.each([[{ replyId: 'sat:9' }], [{ replyId: 'cat:JALAN' }], [{ text: '6' }], [{ text: 'jalan 4 rusak' }], [{}]])('%o is not an answer', (input) => {
    expect(parseSatisfaction(input)).toBeNull();
  });
});

describe('satisfactionOutcome', () => {
  it('closes a resolved report on 3–5, confirmed by the citizen', () => {
    expect(satisfactionOutcome({ kind: 'rating', rating: 5 }, 'resolved')).toEqual({
      patch: { satisfaction: 5, status: 'closed', status_reason: 'citizen_confirmed' },
      reply: 'notify.rating_thanks',
    });
  });

  it('stores 1–2 and keeps it resolved so "belum selesai" can still reopen it', () => {
    expect(satisfactionOutcome({ kind: 'rating', rating: 2 }, 'resolved')).toEqual({ patch: { satisfaction: 2 }, reply: 'notify.rating_thanks' });
    expect(satisfactionOutcome({ kind: 'reopen' }, 'resolved')).toMatchObject({ patch: { status: 'in_progress' }, reply: null });
  });

  it('ignores answers for reports that are not waiting for one', () => {
    expect(satisfactionOutcome({ kind: 'rating', rating: 5 }, 'in_progress')).toBeNull();
    expect(satisfactionOutcome({ kind: 'reopen' }, 'closed')).toBeNull();
  });

  it('offers 6 list rows that fit WhatsApp limits', () => {
    const rows = satisfactionRows('id');
    expect(rows.map((r) => r.id)).toEqual(['sat:5', 'sat:4', 'sat:3', 'sat:2', 'sat:1', 'sat:reopen']);
    expect(rows.every((r) => r.title.length <= 24)).toBe(true);
  });
});
