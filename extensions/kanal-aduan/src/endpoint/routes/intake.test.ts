import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import { describe, expect, it } from 'vitest';
import { HandleMessageBody, parseBody, RecordSentBody, senderOf } from '../../intake/request.ts';
import { assertIntakeCaller } from './intake.ts';

describe('intake endpoint: who may call it', () => {
  it('answers only the n8n service account', () => {
    expect(() => assertIntakeCaller({ user: 'u1', role: ROLE_IDS.service })).not.toThrow();
    for (const caller of [null, {}, { user: 'u2', admin: true }, { user: 'u3', role: ROLE_IDS.verifikator }, { user: 'u4', role: ROLE_IDS.opd_officer }, { role: ROLE_IDS.service }]) {
      expect(() => assertIntakeCaller(caller as never), JSON.stringify(caller)).toThrow(/Hanya akun Layanan n8n/);
    }
  });
});

describe('intake endpoint: what it accepts', () => {
  const message = { from: '6281234567890', id: 'wamid.IN1', timestamp: '1790000000', type: 'text', text: { body: 'Halo' } };

  it('takes a trigger message and finds its sender', () => {
    const body = parseBody(HandleMessageBody, { message, holder: 'n8n:1' }, 'pesan', '{}');
    expect(senderOf(body)).toBe('6281234567890');
    expect(senderOf(parseBody(HandleMessageBody, { message, sender: 'ID.1502576394655843', holder: 'n8n:1' }, 'pesan', '{}'))).toBe('ID.1502576394655843');
    // A Telegram user, from the Telegram trigger; a group chat (negative id) is never a sender.
    expect(senderOf(parseBody(HandleMessageBody, { message, sender: 'tg:5551234', holder: 'n8n:1' }, 'pesan', '{}'))).toBe('tg:5551234');
    expect(() => parseBody(HandleMessageBody, { message, sender: 'tg:-100123', holder: 'n8n:1' }, 'pesan', '{}')).toThrow(/id Telegram/);
  });

  it('takes the account written to: a WhatsApp phone_number_id, a desk bot, Page or Instagram account', () => {
    for (const account of ['100000000000002', 'tg:7000000002', 'fb:300000000000002', 'ig:178400000000002']) {
      expect(parseBody(HandleMessageBody, { message, phone_number_id: account, holder: 'n8n:1' }, 'pesan', '{}').phone_number_id).toBe(account);
    }
    for (const bad of ['tg:', 'xx:12', 'fb:12a', '+6281']) {
      expect(() => parseBody(HandleMessageBody, { message, phone_number_id: bad, holder: 'n8n:1' }, 'pesan', '{}'), bad).toThrow(/phone_number_id harus angka .* tg:\/fb:\/ig:/);
    }
  });

  it('refuses a body without a message or holder, or with a made-up sender, saying so in Indonesian', () => {
    expect(() => parseBody(HandleMessageBody, { holder: 'n8n:1' }, 'pesan WhatsApp masuk', '{}')).toThrow(/Isi permintaan pesan WhatsApp masuk tidak sah \(diharapkan \{\}\): message: bukan satu pesan dari webhook Meta/);
    expect(() => parseBody(HandleMessageBody, { message }, 'pesan', '{}')).toThrow(/holder: harus string \(tidak ada\)/);
    expect(() => parseBody(HandleMessageBody, { message, sender: '+62 812', holder: 'h' }, 'pesan', '{}')).toThrow(/pengirim harus wa_id/);
  });

  it('refuses sent replies that do not name a reply row or a file', () => {
    expect(() => parseBody(RecordSentBody, { replies: [{ id: 'x', wamid: 'wamid.1' }] }, 'balasan terkirim', '{}')).toThrow(/id balasan harus uuid/);
    expect(() => parseBody(RecordSentBody, { media: [{ id: 3, file: 'photo.jpg' }] }, 'balasan terkirim', '{}')).toThrow(/file harus id berkas/);
    expect(parseBody(RecordSentBody, {}, 'balasan terkirim', '{}')).toEqual({ replies: [], media: [], failed: [], retry: [] });
    expect(() => parseBody(RecordSentBody, { retry: [{ id: 'x' }] }, 'balasan terkirim', '{}')).toThrow(/id balasan harus uuid/);
  });
});
