/**
 * A zip of photos named by UPN (e.g. `B801200005001.jpg`, as MIS exports and school photographers name them):
 * opened in the browser with fflate, each file matched to a pupil by the UPN in its name. Pure apart from
 * the unzip, so the matching is tested on its own.
 */
import { unzipSync } from 'fflate';
import { normaliseUpn, upnProblem } from '../../../../domain/upn';
import type { AdminPhotoPupil } from '../../../../protocol/adminPhotos';

export interface ZipEntry {
  /** The path inside the zip. */
  name: string;
  bytes: Uint8Array;
}

export interface MatchedPhoto {
  fileName: string;
  pupil: AdminPhotoPupil;
  bytes: Uint8Array;
}
export interface UnmatchedPhoto {
  fileName: string;
  reason: string;
}
export interface ZipMatch {
  matched: MatchedPhoto[];
  unmatched: UnmatchedPhoto[];
}

const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'];
/** More files than any school has pupils: a zip past this is refused rather than unpacked into memory. */
export const MAX_ZIP_FILES = 5000;

/** Files in the zip, skipping folders and the clutter operating systems add (__MACOSX, .DS_Store, Thumbs.db). */
export function unzipPhotos(zip: Uint8Array): ZipEntry[] {
  let count = 0;
  const files = unzipSync(zip, {
    filter: (file) => {
      if (file.name.endsWith('/') || isClutter(file.name)) return false;
      if (++count > MAX_ZIP_FILES) throw new Error(`This zip holds more than ${MAX_ZIP_FILES} files.`);
      return true;
    },
  });
  return Object.entries(files).map(([name, bytes]) => ({ name, bytes }));
}

function isClutter(path: string): boolean {
  const base = baseName(path);
  return path.split('/').some((part) => part === '__MACOSX') || base.startsWith('.') || base.toLowerCase() === 'thumbs.db';
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * Matches each file to a pupil by the UPN its name holds (any folder, any case, spaces ignored). A file is
 * left out, with a reason a person can act on, when it is not a photo, its name is not a UPN, no pupil has
 * that UPN, or another file in the zip is for the same pupil (neither is used: the admin decides).
 */
export function matchPhotos(entries: ZipEntry[], pupils: AdminPhotoPupil[]): ZipMatch {
  const byUpn = new Map<string, AdminPhotoPupil>();
  for (const p of pupils) if (p.upn) byUpn.set(normaliseUpn(p.upn), p);

  const unmatched: UnmatchedPhoto[] = [];
  const candidates: MatchedPhoto[] = [];
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    const fileName = baseName(entry.name);
    const dot = fileName.lastIndexOf('.');
    const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
    if (!PHOTO_EXTENSIONS.includes(extension)) {
      unmatched.push({ fileName: entry.name, reason: 'Not a photo: use .jpg, .jpeg, .png or .webp files.' });
      continue;
    }
    const upn = normaliseUpn(fileName.slice(0, dot));
    const pupil = byUpn.get(upn);
    if (pupil) candidates.push({ fileName: entry.name, pupil, bytes: entry.bytes });
    else if (upnProblem(upn) !== null) unmatched.push({ fileName: entry.name, reason: 'The name is not a UPN: name each photo by the pupil’s UPN, e.g. A123456789012.jpg.' });
    else unmatched.push({ fileName: entry.name, reason: `No pupil in the school has the UPN ${upn}.` });
  }

  const perPupil = new Map<string, number>();
  for (const c of candidates) perPupil.set(c.pupil.pupilId, (perPupil.get(c.pupil.pupilId) ?? 0) + 1);
  const matched: MatchedPhoto[] = [];
  for (const c of candidates) {
    if (perPupil.get(c.pupil.pupilId)! > 1) unmatched.push({ fileName: c.fileName, reason: `More than one file in the zip is for ${c.pupil.name}: keep one and try again.` });
    else matched.push(c);
  }
  matched.sort((a, b) => a.pupil.name.localeCompare(b.pupil.name));
  return { matched, unmatched };
}
