// The app icon, from one description, without any image tool: resources/icon.svg for
// reading and editing, PNGs at the sizes the platforms use (icon.png is 1024 px, which
// electron-builder takes for Linux), icon.ico (Windows) and icon.icns (macOS), both of
// which may hold PNG images. Run `npm run icons` after changing the shapes below.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const VIEW = 1024;

// A rounded tile with rising bars (per-UE KPIs) over a baseline: coordinates in a
// 1024 x 1024 view box.
const TILE = { x: 64, y: 64, w: 896, h: 896, r: 200, color: [18, 40, 74] };
const BARS = [
  { x: 232, w: 112, top: 560, color: [64, 196, 180] },
  { x: 400, w: 112, top: 440, color: [64, 196, 180] },
  { x: 568, w: 112, top: 320, color: [64, 196, 180] },
  { x: 736, w: 112, top: 600, color: [240, 110, 80] },
];
const BASE = { x: 200, y: 760, w: 680, h: 40, color: [220, 230, 240] };

function svg() {
  const rgb = ([r, g, b]) => `rgb(${r},${g},${b})`;
  const bars = BARS.map(
    (b) =>
      `  <rect x="${b.x}" y="${b.top}" width="${b.w}" height="${BASE.y - b.top}" rx="16" fill="${rgb(b.color)}"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW} ${VIEW}" width="${VIEW}" height="${VIEW}">`,
    `  <rect x="${TILE.x}" y="${TILE.y}" width="${TILE.w}" height="${TILE.h}" rx="${TILE.r}" fill="${rgb(TILE.color)}"/>`,
    ...bars,
    `  <rect x="${BASE.x}" y="${BASE.y}" width="${BASE.w}" height="${BASE.h}" rx="12" fill="${rgb(BASE.color)}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

function inRoundedRect(px, py, x, y, w, h, r) {
  if (px < x || py < y || px >= x + w || py >= y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

/** The colour at a point of the view box, or null where the icon is transparent. */
function colourAt(px, py) {
  if (inRoundedRect(px, py, BASE.x, BASE.y, BASE.w, BASE.h, 12)) return BASE.color;
  for (const b of BARS) {
    if (inRoundedRect(px, py, b.x, b.top, b.w, BASE.y - b.top, 16)) return b.color;
  }
  if (inRoundedRect(px, py, TILE.x, TILE.y, TILE.w, TILE.h, TILE.r)) return TILE.color;
  return null;
}

/** RGBA pixels at `size`, 4 x 4 samples per pixel for smooth edges. */
function raster(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy += 1) {
        for (let sx = 0; sx < n; sx += 1) {
          const c = colourAt(
            ((x + (sx + 0.5) / n) * VIEW) / size,
            ((y + (sy + 0.5) / n) * VIEW) / size,
          );
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
      }
      pixels[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const pixels = raster(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG images (Windows Vista and later read them). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** ICNS with PNG images: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x). */
function icns(images) {
  const types = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const parts = images
    .filter(({ size }) => types[size])
    .map(({ size, data }) => {
      const head = Buffer.alloc(8);
      head.write(types[size], 0, 'ascii');
      head.writeUInt32BE(data.length + 8, 4);
      return Buffer.concat([head, data]);
    });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

mkdirSync(join(OUT, 'icons'), { recursive: true });
writeFileSync(join(OUT, 'icon.svg'), svg());
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const images = sizes.map((size) => ({ size, data: png(size) }));
for (const { size, data } of images) writeFileSync(join(OUT, 'icons', `${size}x${size}.png`), data);
writeFileSync(join(OUT, 'icon.png'), images.find((i) => i.size === 1024).data);
writeFileSync(
  join(OUT, 'icon.ico'),
  ico(images.filter((i) => [16, 24, 32, 48, 64, 128, 256].includes(i.size))),
);
writeFileSync(join(OUT, 'icon.icns'), icns(images));
