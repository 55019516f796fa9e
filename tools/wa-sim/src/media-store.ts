import { createHash, randomInt } from 'node:crypto';

export type StoredMedia = {
  id: string;
  mime_type: string;
  sha256: string;
  file_size: number;
  bytes: Uint8Array;
  filename?: string;
};

/**
 * Media the bot uploaded (`POST /media`) and media the simulated citizen sent,
 * kept in memory. Ids are numeric strings like Meta's media ids.
 */
export class MediaStore {
  #items = new Map<string, StoredMedia>();

  put(bytes: Uint8Array, mimeType: string, filename?: string): StoredMedia {
    let id: string;
    // 16 digits, like Meta's media ids (randomInt's range tops out at 2^48).
    do id = String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(10)).join('');
    while (this.#items.has(id));
    const item: StoredMedia = {
      id,
      mime_type: mimeType,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: bytes.byteLength,
      bytes,
      ...(filename ? { filename } : {}),
    };
    this.#items.set(id, item);
    return item;
  }

  get(id: string): StoredMedia | undefined {
    return this.#items.get(id);
  }

  delete(id: string): boolean {
    return this.#items.delete(id);
  }

  clear(): void {
    this.#items.clear();
  }
}
