import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { isMessengerAccount, messengerAccount, pageTokenFor, parseDeskPageTokens } from './account.ts';

const failure = (text: string) => {
  try {
    parseDeskPageTokens(text);
  } catch (error) {
    return error;
  }
  throw new Error('no error');
};

describe('Messenger / Instagram accounts', () => {
  it('the key of the page or Instagram account an event came to', () => {
    expect(messengerAccount('messenger', '106000000000001')).toBe('fb:106000000000001');
    expect(messengerAccount('instagram', '17841400000000001')).toBe('ig:17841400000000001');
    for (const ok of ['fb:1', 'ig:17841400000000001']) expect(isMessengerAccount(ok), ok).toBe(true);
    for (const bad of ['106000000000001', 'tg:1', 'fb:', 'fb:12a', null, 7]) expect(isMessengerAccount(bad), String(bad)).toBe(false);
  });

});

describe('parseDeskPageTokens: the credential\'s desk tokens', () => {
  it('reads one fb:/ig: key=token per line, skipping blank lines and # comments', () => {
    const tokens = parseDeskPageTokens('fb:106000000000777=EAAG-desk-fb\r\n\n  # Instagram meja kecamatan\n ig:17841400000000777 = IGQ-desk-ig \n');
    expect([...tokens]).toEqual([
      ['fb:106000000000777', 'EAAG-desk-fb'],
      ['ig:17841400000000777', 'IGQ-desk-ig'],
    ]);
    expect(parseDeskPageTokens('').size).toBe(0);
    // A single-line field: commas separate too.
    expect([...parseDeskPageTokens('fb:1=EAAG-a, ig:2=IGQ-b')]).toEqual([
      ['fb:1', 'EAAG-a'],
      ['ig:2', 'IGQ-b'],
    ]);
  });

  it('refuses a malformed line with its number, never the token', () => {
    for (const [text, line] of [
      ['fb:1=ok\nEAAG-secret-token', 2],
      ['fb:1=ok\n\nfacebook:2=EAAG-secret-token', 3],
      ['fb:12a=EAAG-secret-token', 1],
      ['tg:1=EAAG-secret-token', 1],
      ['fb:1=EAAG-secret token', 1],
      ['fb:1=ok, EAAG-secret-token', 1],
      ['fb:1=EAAG-secret=x', 1],
      ['fb:1=', 1],
    ] as const) {
      const error = failure(text);
      expect(isDomainError(error, 'MESSENGER_CREDENTIAL.DESK_TOKEN_LINE'), text).toBe(true);
      expect((error as Error).message).toContain(`baris ${line} tidak valid`);
      expect((error as Error).message).toContain('fb:<ID halaman>=<token>');
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('refuses an account written twice, naming the second line', () => {
    const error = failure('fb:1=EAAG-a\nig:1=IGQ-b\nfb:1=EAAG-secret');
    expect(isDomainError(error, 'MESSENGER_CREDENTIAL.DESK_TOKEN_TWICE')).toBe(true);
    expect((error as Error).message).toMatch(/baris 3: akun fb:1 sudah ditulis sebelumnya/);
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('pageTokenFor', () => {
  const desks = parseDeskPageTokens('fb:777=EAAG-desk\nig:888=IGQ-desk');
  it('a listed account sends with its own token, anything else with the main page\'s', () => {
    expect(pageTokenFor('fb:777', desks, 'EAAG-main')).toBe('EAAG-desk');
    expect(pageTokenFor('ig:888', desks, 'EAAG-main')).toBe('IGQ-desk');
    expect(pageTokenFor('ig:777', desks, 'EAAG-main')).toBe('EAAG-main');
    expect(pageTokenFor('fb:1', desks, 'EAAG-main')).toBe('EAAG-main');
    expect(pageTokenFor(null, desks, 'EAAG-main')).toBe('EAAG-main');
  });
});
