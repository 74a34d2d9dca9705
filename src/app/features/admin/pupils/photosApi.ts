/** The Photos screen's requests (src/protocol/adminPhotos.ts) and what their failures mean to the admin. */
import { ApiError, type ApiClient } from '../../../sync/api';
import type { AdminPhotoPupil, AdminPhotosResponse, PhotoSaved } from '../../../../protocol/adminPhotos';

export const loadPhotoPupils = async (api: ApiClient): Promise<AdminPhotoPupil[]> => (await api.get<AdminPhotosResponse>('/api/admin/photos')).pupils;

export const uploadPhoto = (api: ApiClient, pupilId: string, photo: Blob): Promise<PhotoSaved> =>
  api.send<PhotoSaved>('PUT', `/api/admin/pupils/${encodeURIComponent(pupilId)}/photo`, photo, { rawContentType: photo.type || 'image/jpeg' });

export const removePhoto = (api: ApiClient, pupilId: string): Promise<unknown> =>
  api.send('DELETE', `/api/admin/pupils/${encodeURIComponent(pupilId)}/photo`);

export function photoProblem(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Nothing was changed; try again when it is back.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  if (e instanceof ApiError && e.status === 403) return 'Only an admin can change pupils’ photos.';
  if (e instanceof ApiError) return e.message;
  return e instanceof Error && e.message ? e.message : 'Something went wrong. Try again.';
}

/** "12 kB" for a byte count, rounded up so a small file never reads as 0 kB. */
export const kB = (bytes: number) => `${Math.max(1, Math.ceil(bytes / 1024))} kB`;

/** A blob URL for a preview, or null where the browser (or jsdom) cannot make one. */
export function previewUrl(blob: Blob): string | null {
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : null;
}
export function forgetPreview(url: string | null) {
  if (url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
}
