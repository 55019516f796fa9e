import { describe, expect, it } from 'vitest';
import { answerInputs } from './answer-inputs.ts';
import { reportTitle } from './report-title.ts';

const base = { from: '6281234567890', id: 'wamid.1', timestamp: '1790000000' };

describe('answerInputs', () => {
  it('a bare number is a menu choice, not a rating; other text is both a rating and an answer candidate', () => {
    expect(answerInputs({ ...base, type: 'text', text: { body: ' 5 ' } } as never)).toMatchObject({ replyId: '', satisfactionText: '', infoText: '5' });
    expect(answerInputs({ ...base, type: 'text', text: { body: 'nilai 5' } } as never)).toMatchObject({ satisfactionText: 'nilai 5', infoText: 'nilai 5' });
  });

  it('a tapped row gives its id; a photo gives the attachment, its caption as the answer', () => {
    expect(answerInputs({ ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'sat:5', title: '5' } } } as never).replyId).toBe('sat:5');
    const photo = answerInputs({ ...base, type: 'image', image: { id: 'media.1', mime_type: 'image/jpeg', caption: 'di depan SD' } } as never);
    expect(photo).toMatchObject({ infoText: 'di depan SD', attachment: { wa_media_id: 'media.1', kind: 'image', mime_type: 'image/jpeg', caption: 'di depan SD' } });
  });
});

describe('reportTitle', () => {
  it('is the first line of the story, cut at a word', () => {
    expect(reportTitle('Lampu mati\ndi gang')).toBe('Lampu mati');
    const long = reportTitle('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana yang sudah dua bulan tidak diperbaiki sama sekali');
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
