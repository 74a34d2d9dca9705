/**
 * The smallest byte strings each image format's reader accepts: a JPEG's start and frame header (SOF0, which
 * holds the size), a PNG's signature and IHDR, a WebP's RIFF header and VP8X chunk. Padding makes a size.
 */
export function jpegBytes(width = 240, height = 180, padTo = 600): Buffer {
  const head = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const bytes = Buffer.alloc(Math.max(padTo, head.length + sof.length + 2), 0);
  Buffer.from([...head, ...sof]).copy(bytes, 0);
  bytes[bytes.length - 2] = 0xff;
  bytes[bytes.length - 1] = 0xd9;
  return bytes;
}

export function pngBytes(width = 200, height = 240): Buffer {
  const bytes = Buffer.alloc(64, 0);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...Buffer.from('IHDR')]).copy(bytes, 0);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

export function webpBytes(width = 240, height = 160): Buffer {
  const bytes = Buffer.alloc(48, 0);
  Buffer.from('RIFF').copy(bytes, 0);
  bytes.writeUInt32LE(40, 4);
  Buffer.from('WEBPVP8X').copy(bytes, 8);
  bytes.writeUIntLE(width - 1, 24, 3);
  bytes.writeUIntLE(height - 1, 27, 3);
  return bytes;
}
