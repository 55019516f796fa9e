import { promisify } from 'node:util';
import { brotliCompress, brotliDecompressSync, constants } from 'node:zlib';

const compress = promisify(brotliCompress);

// How a routing model is stored (triage_models.model): its JSON compressed with Brotli, as base64
// inside a small JSON object. The model is counts and weights over a vocabulary of words, word
// pairs and character fragments; as plain JSON it grows by ~1.3 kB per report, and Directus
// refuses a request body over MAX_PAYLOAD_SIZE (1 MB by default), so a desk with more than ~700
// reports trained on fewer of them. Packed it takes about a quarter of that (Brotli at its best
// quality: ~3 s for a 1.6 MB model, off the event loop; unpacking ~60 ms, once per new model).
// A body stored plain (before this format) reads as before.

export const PACKED_MODEL_ENCODING = 'br-base64';

export interface PackedModel {
  encoding: typeof PACKED_MODEL_ENCODING;
  /** Length of the JSON it holds. */
  json_length: number;
  data: string;
}

/** The stored form of a model (any JSON value). */
export async function packModel(model: unknown): Promise<PackedModel> {
  const json = JSON.stringify(model);
  const data = await compress(Buffer.from(json, 'utf8'), {
    params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: json.length },
  });
  return { encoding: PACKED_MODEL_ENCODING, json_length: json.length, data: data.toString('base64') };
}

/**
 * A stored body as its model: a packed one unpacked, JSON text parsed, anything else as it is.
 * null when it cannot be read (bad compression or JSON): the readers then go without a model.
 */
export function unpackModel(raw: unknown): unknown {
  let m = raw;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch {
      return null;
    }
  }
  if (m === null || typeof m !== 'object' || (m as { encoding?: unknown }).encoding !== PACKED_MODEL_ENCODING) return m;
  const data = (m as { data?: unknown }).data;
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(brotliDecompressSync(Buffer.from(data, 'base64')).toString('utf8'));
  } catch {
    return null;
  }
}
