import { describe, expect, it } from 'vitest';
import { readImageInfo } from '../../src/protocol/adminPhotos.js';
import { jpegBytes, pngBytes, webpBytes } from './photosFixtures.js';

function webpLossy(width: number, height: number): Buffer {
  const b = Buffer.alloc(40, 0);
  Buffer.from('RIFF').copy(b, 0);
  Buffer.from('WEBPVP8 ').copy(b, 8);
  b.set([0x9d, 0x01, 0x2a], 23);
  b.writeUInt16LE(width, 26);
  b.writeUInt16LE(height, 28);
  return b;
}
function webpLossless(width: number, height: number): Buffer {
  const b = Buffer.alloc(40, 0);
  Buffer.from('RIFF').copy(b, 0);
  Buffer.from('WEBPVP8L').copy(b, 8);
  b[20] = 0x2f;
  b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  return b;
}

describe('what an image says it is, by its own bytes', () => {
  it.each([
    ['JPEG', jpegBytes(320, 200), { contentType: 'image/jpeg', width: 320, height: 200 }],
    ['PNG', pngBytes(10, 20), { contentType: 'image/png', width: 10, height: 20 }],
    ['WebP (extended)', webpBytes(240, 160), { contentType: 'image/webp', width: 240, height: 160 }],
    ['WebP (lossy)', webpLossy(200, 150), { contentType: 'image/webp', width: 200, height: 150 }],
    ['WebP (lossless)', webpLossless(64, 48), { contentType: 'image/webp', width: 64, height: 48 }],
  ])('reads a %s', (_name, bytes, info) => {
    expect(readImageInfo(bytes)).toEqual(info);
  });

  it.each([
    ['text', Buffer.from('GIF89a and other words')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a PNG of zero width', pngBytes(0, 20)],
    ['an absurd PNG', pngBytes(100_000, 20)],
    ['a JPEG cut short', jpegBytes().subarray(0, 8)],
    ['a JPEG whose segment lengths run off the end', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0, 0, 0, 0, 0, 0])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(readImageInfo(bytes)).toBeNull();
  });
});
