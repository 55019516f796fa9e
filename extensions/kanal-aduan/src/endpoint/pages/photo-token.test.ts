import { describe, expect, it } from 'vitest';
import { photoSigner, PHOTO_LINK_SECONDS } from './photo-token.ts';

describe('photo links', () => {
  it('a link names one photo, expires, and cannot be made without the secret', () => {
    let now = Date.parse('2026-11-05T02:00:00Z');
    const signer = photoSigner('s3cret', () => now);
    const token = signer.sign('42');
    expect(signer.verify('42', token)).toBe(true);
    expect(signer.verify('43', token)).toBe(false);
    expect(photoSigner('other', () => now).verify('42', token)).toBe(false);
    const [expires, mac] = token.split('.');
    expect(signer.verify('42', `${Number(expires) + 3600}.${mac}`)).toBe(false);
    for (const junk of [undefined, '', 'x', ['a'], `${expires}.${mac}x`]) expect(signer.verify('42', junk)).toBe(false);
    now += (PHOTO_LINK_SECONDS + 1) * 1000;
    expect(signer.verify('42', token)).toBe(false);
  });
});
