import { crc32, deflateSync } from 'node:zlib';
import { asset, type Asset } from '../static-asset.ts';
import { CLIENT_CSS, CLIENT_JS } from './client.ts';
import { THEME_COLOUR } from './render.ts';

/** The icon: three white bars (a ranking) on the theme green, rounded corners. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="96" fill="${THEME_COLOUR}"/><rect x="96" y="256" width="80" height="160" rx="12" fill="#fff"/><rect x="216" y="128" width="80" height="288" rx="12" fill="#fff"/><rect x="336" y="200" width="80" height="216" rx="12" fill="#fff"/></svg>`;

const BARS = [[96, 256, 176, 416], [216, 128, 296, 416], [336, 200, 416, 416]] as const;

/** The same icon as an RGBA PNG of `size`² pixels (manifest icons, apple-touch-icon), drawn without a library. */
export function iconPng(size: number): Buffer {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(THEME_COLOUR.slice(i, i + 2), 16)) as [number, number, number];
  const scale = 512 / size;
  const radius = 96;
  const row = size * 4 + 1;
  const raw = Buffer.alloc(row * size);
  for (let y = 0; y < size; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const sx = (x + 0.5) * scale;
      const sy = (y + 0.5) * scale;
      const cx = Math.min(Math.max(sx, radius), 512 - radius);
      const cy = Math.min(Math.max(sy, radius), 512 - radius);
      const inside = (sx - cx) ** 2 + (sy - cy) ** 2 <= radius * radius;
      const bar = BARS.some(([x0, y0, x1, y1]) => sx >= x0 && sx < x1 && sy >= y0 && sy < y1);
      const o = y * row + 1 + x * 4;
      if (!inside) continue; // transparent corner
      raw[o] = bar ? 255 : r;
      raw[o + 1] = bar ? 255 : g;
      raw[o + 2] = bar ? 255 : b;
      raw[o + 3] = 255;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The web app manifest: installable, opens the dashboard standalone, in the theme colour. */
export function manifest(base: string, icons: { svg: string; png192: string; png512: string }): string {
  return JSON.stringify({
    name: 'Dasbor Pimpinan · Kanal Aduan',
    short_name: 'Pimpinan',
    description: 'Ringkasan laporan warga, peringkat OPD dan Camat, laporan lewat batas waktu.',
    lang: 'id',
    start_url: `${base}pimpinan`,
    scope: `${base}pimpinan`,
    display: 'standalone',
    background_color: '#f6f8fa',
    theme_color: THEME_COLOUR,
    icons: [
      { src: icons.svg, sizes: 'any', type: 'image/svg+xml' },
      { src: icons.png192, sizes: '192x192', type: 'image/png' },
      { src: icons.png512, sizes: '512x512', type: 'image/png' },
    ],
  });
}

/** The page's files; the manifest names the icons by their versioned addresses under `base`. */
export function pimpinanAssets(base: string) {
  const css = asset('app.css', 'text/css; charset=utf-8', CLIENT_CSS);
  const js = asset('app.js', 'text/javascript; charset=utf-8', CLIENT_JS);
  const svg = asset('ikon.svg', 'image/svg+xml', ICON_SVG);
  const png192 = asset('ikon-192.png', 'image/png', iconPng(192));
  const png512 = asset('ikon-512.png', 'image/png', iconPng(512));
  const url = (a: Asset) => `${base}pimpinan/${a.name}?v=${a.version}`;
  const man = asset('manifest.webmanifest', 'application/manifest+json; charset=utf-8', manifest(base, { svg: url(svg), png192: url(png192), png512: url(png512) }));
  const all = [css, js, svg, png192, png512, man];
  return { byName: new Map(all.map((a) => [a.name, a])), urls: { css: url(css), js: url(js), manifest: url(man), icon: url(svg), appleIcon: url(png192) } };
}
