import { describe, expect, it } from 'vitest';
import { OutboundMessage, templateMessage } from './outbound.ts';
import { TEMPLATE_PARAMETER_MAX, templateParameterProblem, templateParameterText, templateParameterTexts } from './template-parameter.ts';

describe('templateParameterText (Meta: no new lines/tabs, <= 4 spaces in a row, <= 1024 characters)', () => {
  it.each([
    ['Baris satu\nBaris dua', 'Baris satu · Baris dua'],
    ['Baris satu\r\n\r\n  Baris dua  ', 'Baris satu · Baris dua'],
    ['\nawal baris baru', 'awal baris baru'],
    ['kolom\tkolom', 'kolom kolom'],
    ['lima     spasi', 'lima spasi'],
    ['Jl.\u00a0Merdeka', 'Jl. Merdeka'],
    ['', '-'],
    ['  \n\t ', '-'],
    [null, '-'],
    [7, '7'],
  ])('%j -> %j', (input, out) => {
    const text = templateParameterText(input);
    expect(text).toBe(out);
    expect(templateParameterProblem(text)).toBeNull();
  });

  it('cuts at 1024 characters with an ellipsis, never inside an emoji', () => {
    const long = `${'a'.repeat(1022)}👍👍👍`;
    const text = templateParameterText(long);
    expect(Array.from(text)).toHaveLength(TEMPLATE_PARAMETER_MAX);
    expect(text.endsWith('a👍…')).toBe(true);
    expect(templateParameterText('x'.repeat(1024))).toBe('x'.repeat(1024));
  });

  it('names what Meta would refuse', () => {
    expect(templateParameterProblem('a\nb')).toMatch(/baris baru/);
    expect(templateParameterProblem('a     b')).toMatch(/spasi/);
    expect(templateParameterProblem('a    b')).toBeNull();
    expect(templateParameterProblem('')).toBe('kosong');
    expect(templateParameterProblem('x'.repeat(1025))).toMatch(/1024/);
    expect(templateParameterTexts(['a\nb', ''])).toEqual(['a · b', '-']);
  });

  it('templateMessage folds its body parameters, and the schema refuses raw ones (the simulator answers like Meta)', () => {
    const m = templateMessage('6281234567890', 'kanal_aduan_disposisi', 'id', ['ADU-2611-00001', 'Jalan\nrusak', '']);
    expect(m.type === 'template' && m.template.components?.[0]?.parameters).toEqual([
      { type: 'text', text: 'ADU-2611-00001' },
      { type: 'text', text: 'Jalan · rusak' },
      { type: 'text', text: '-' },
    ]);
    const raw = {
      messaging_product: 'whatsapp', to: '6281234567890', type: 'template',
      template: { name: 'x', language: { code: 'id' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'a\nb' }] }] },
    };
    expect(OutboundMessage.safeParse(raw).success).toBe(false);
  });
});
