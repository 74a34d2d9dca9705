/**
 * Shrinks a photo in the browser before it is uploaded: a JPEG about 240 px on its long side (twice the size a
 * register shows, for sharp screens), a few kB, so a tablet can keep every photo of its classes offline and
 * the upload stays far under the server's limit. A camera's 4 MB photo becomes about 10 kB.
 *
 * The screen takes the resizer as a parameter: jsdom has no canvas, so component tests pass their own.
 */
import { PHOTO_MAX_BYTES } from '../../../../protocol/adminPhotos';

export type PhotoResizer = (photo: Blob) => Promise<Blob>;

export const PHOTO_LONG_SIDE = 240;
const QUALITIES = [0.8, 0.65, 0.5];

/** Thrown when the browser cannot read the file as an image: the screen says so beside the file. */
export class UnreadablePhotoError extends Error {}

export const shrinkPhoto: PhotoResizer = async (photo) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(photo);
  } catch {
    throw new UnreadablePhotoError('This file could not be read as a photo.');
  }
  try {
    const scale = Math.min(1, PHOTO_LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new UnreadablePhotoError('This browser cannot shrink photos. Try another browser.');
    // A PNG with transparency would turn black as a JPEG: paint it on white.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    for (const quality of QUALITIES) {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (blob && blob.size <= PHOTO_MAX_BYTES) return blob;
    }
    throw new UnreadablePhotoError('This photo could not be made small enough.');
  } finally {
    bitmap.close();
  }
};
