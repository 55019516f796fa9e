import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from './signature.ts';

const SECRET = 'app-secret-123';
const BODY = '{"object":"whatsapp_business_account","entry":[]}';
const expected = `sha256=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`;

describe('signBody', () => {
  it('is HMAC-SHA256 of the raw body, hex, with the sha256= prefix', () => {
    expect(signBody(BODY, SECRET)).toBe(expected);
    expect(signBody(new TextEncoder().encode(BODY), SECRET)).toBe(expected);
  });
});

describe('verifySignature', () => {
  it.each([
    ['valid', BODY, expected, true],
    ['valid, upper-case hex', BODY, `sha256=${expected.slice(7).toUpperCase()}`, true],
    ['missing header', BODY, undefined, false],
    ['empty header', BODY, '', false],
    ['no prefix', BODY, expected.slice(7), false],
    ['sha1 prefix', BODY, `sha1=${expected.slice(7)}`, false],
    ['truncated', BODY, expected.slice(0, -2), false],
    ['not hex', BODY, `sha256=${'z'.repeat(64)}`, false],
    ['body changed by one byte', BODY.replace('[]', '[ ]'), expected, false],
  ])('%s', (_name, body, header, ok) => {
    expect(verifySignature(body, header, SECRET)).toBe(ok);
  });

  it('fails with another secret or an empty one', () => {
    expect(verifySignature(BODY, expected, 'other')).toBe(false);
    expect(verifySignature(BODY, signBody(BODY, ''), '')).toBe(false);
  });

  it('verifies bytes as received (UTF-8 citizen text)', () => {
    const raw = new TextEncoder().encode('{"text":"Jalan rusak 🙏 di Desa Sukamaju"}');
    expect(verifySignature(raw, signBody(raw, SECRET), SECRET)).toBe(true);
  });
});
