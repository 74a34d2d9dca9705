/**
 * Pupils' photos (issue 10): the admin's endpoints and what a tablet pulls.
 *
 * - PUT /api/admin/pupils/:id/photo, body the image's bytes (image/jpeg, image/png or image/webp), at most
 *   PHOTO_MAX_BYTES. DELETE the same path removes it. GET /api/admin/photos lists every pupil and whether
 *   they have one. GET /api/pupils/:id/photo answers the image itself.
 * - The pull sends entity 'photo' (key: the pupil's id, value PhotoValue) for pupils the device may hold, and
 *   each pupil's value carries its dated memberships of the user's groups (PupilValue.memberships in index.ts).
 */
import { z } from 'zod';

/** The screen shrinks photos to about 240 px before upload (a few kB), so this leaves ample room. */
export const PHOTO_MAX_BYTES = 64 * 1024;

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

export const photoPupilParamsSchema = z.object({
  id: z.string().min(1).max(64),
});

/** One line of GET /api/admin/photos: every pupil on roll or not, so the zip upload can match by UPN. */
export interface AdminPhotoPupil {
  pupilId: string;
  /** The name the school uses: preferred forename (or legal) and surname. */
  name: string;
  upn: string | null;
  /** The group the pupil is in today (null: none, e.g. a leaver). */
  groupName: string | null;
  hasPhoto: boolean;
  byteSize: number | null;
  uploadedAt: string | null;
}
export interface AdminPhotosResponse {
  pupils: AdminPhotoPupil[];
}
/** The answer of a PUT. */
export interface PhotoSaved {
  pupilId: string;
  contentType: PhotoContentType;
  byteSize: number;
  width: number;
  height: number;
  version: number;
}

/** A photo as a tablet holds it (entity 'photo', key pupilId). */
export interface PhotoValue {
  pupilId: string;
  contentType: PhotoContentType;
  /** The image's bytes in base64. */
  data: string;
  version: number;
}

export interface ImageInfo {
  contentType: PhotoContentType;
  width: number;
  height: number;
}

/**
 * What an image's own bytes say it is, whatever name or header it came with: JPEG, PNG or WebP with readable
 * dimensions, or null. A renamed text file, an SVG (which can hold script) or a truncated file is null.
 */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  const at = (i: number) => bytes[i] ?? -1;
  const u16be = (i: number) => (at(i) << 8) | at(i + 1);
  const u32be = (i: number) => ((at(i) << 24) >>> 0) + (at(i + 1) << 16) + (at(i + 2) << 8) + at(i + 3);
  const u16le = (i: number) => at(i) | (at(i + 1) << 8);
  const u24le = (i: number) => at(i) | (at(i + 1) << 8) | (at(i + 2) << 16);
  const ascii = (i: number, n: number) => String.fromCharCode(...bytes.subarray(i, i + n));
  const sized = (contentType: PhotoContentType, width: number, height: number): ImageInfo | null =>
    width > 0 && height > 0 && width <= 20_000 && height <= 20_000 ? { contentType, width, height } : null;

  if (bytes.length >= 24 && ascii(1, 3) === 'PNG' && at(0) === 0x89 && u32be(4) === 0x0d0a1a0a && ascii(12, 4) === 'IHDR') {
    return sized('image/png', u32be(16), u32be(20));
  }
  if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8 ' && at(23) === 0x9d && at(24) === 0x01 && at(25) === 0x2a) return sized('image/webp', u16le(26) & 0x3fff, u16le(28) & 0x3fff);
    if (chunk === 'VP8L' && at(20) === 0x2f) {
      const bits = at(21) | (at(22) << 8) | (at(23) << 16) | (at(24) << 24);
      return sized('image/webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X') return sized('image/webp', u24le(24) + 1, u24le(27) + 1);
    return null;
  }
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) {
    // Walk the segments to the frame header (SOF0-SOF15 but DHT C4, JPG C8, DAC CC), which holds the size.
    let i = 2;
    while (i + 9 < bytes.length) {
      if (at(i) !== 0xff) return null;
      const marker = at(i + 1);
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return sized('image/jpeg', u16be(i + 7), u16be(i + 5));
      }
      if (marker === 0xd9 || marker === 0xda) return null;
      i += 2 + u16be(i + 2);
    }
  }
  return null;
}

/** Reads the pulled photos' base64 back into bytes (the browser's atob; Node has it too). */
export function base64ToBytes(data: string): Uint8Array {
  const binary = atob(data);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
