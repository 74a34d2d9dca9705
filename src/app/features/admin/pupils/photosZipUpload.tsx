/**
 * Many photos at once: a zip of files named by UPN. The zip is opened here in the browser, each file matched
 * to a pupil (photosZip.ts) and listed before anything is sent: matched (and whether it replaces a photo) and
 * not matched, with why. Then each photo is shrunk and uploaded in turn, with a progress bar; one that fails
 * is listed with the reason and the rest carry on.
 */
import { useState } from 'react';
import type { ApiClient } from '../../../sync/api';
import type { AdminPhotoPupil } from '../../../../protocol/adminPhotos';
import type { PhotoResizer } from './photosResize';
import { matchPhotos, unzipPhotos, type ZipMatch } from './photosZip';
import { photoProblem, uploadPhoto } from './photosApi';

interface Props {
  api: ApiClient;
  pupils: AdminPhotoPupil[];
  resize: PhotoResizer;
  onChanged: (message: string) => Promise<void>;
}

interface Progress {
  done: number;
  total: number;
  failed: Array<{ fileName: string; name: string; reason: string }>;
  finished: boolean;
}

const photos = (n: number) => `${n} ${n === 1 ? 'photo' : 'photos'}`;

export function PhotoZipUpload({ api, pupils, resize, onChanged }: Props) {
  const [zipName, setZipName] = useState<string | null>(null);
  const [match, setMatch] = useState<ZipMatch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const uploading = progress !== null && !progress.finished;

  async function choose(file: File | undefined) {
    setMatch(null);
    setProgress(null);
    setError(null);
    setZipName(file?.name ?? null);
    if (!file) return;
    try {
      const entries = unzipPhotos(new Uint8Array(await file.arrayBuffer()));
      setMatch(matchPhotos(entries, pupils));
    } catch (e) {
      setError(`${file.name} could not be opened as a zip file. ${e instanceof Error && /more than/.test(e.message) ? e.message : 'Check it is a .zip and try again.'}`);
    }
  }

  async function upload() {
    if (!match) return;
    const total = match.matched.length;
    const failed: Progress['failed'] = [];
    setProgress({ done: 0, total, failed, finished: false });
    for (let i = 0; i < total; i++) {
      const m = match.matched[i];
      try {
        const blob = await resize(new Blob([m.bytes as BlobPart]));
        await uploadPhoto(api, m.pupil.pupilId, blob);
      } catch (e) {
        failed.push({ fileName: m.fileName, name: m.pupil.name, reason: photoProblem(e) });
      }
      setProgress({ done: i + 1, total, failed: [...failed], finished: false });
    }
    setProgress({ done: total, total, failed: [...failed], finished: true });
    setMatch(null);
    setFileKey((k) => k + 1);
    await onChanged(`${photos(total - failed.length)} uploaded from ${zipName ?? 'the zip'}${failed.length ? `; ${failed.length} could not be uploaded (listed below)` : ''}.`);
  }

  return (
    <section className="photos-zip" aria-labelledby="photos-zip-heading">
      <h2 id="photos-zip-heading">Many pupils from a zip</h2>
      <p>Put each pupil’s photo in one zip, named by their UPN, for example A123456789012.jpg. Photos in folders inside the zip are found too.</p>
      <div className="field">
        <label htmlFor="photo-zip">Zip of photos</label>
        <input key={fileKey} id="photo-zip" type="file" accept=".zip,application/zip" disabled={uploading} onChange={(e) => void choose(e.target.files?.[0])} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {match && (
        <div className="zip-preview">
          <p role="status">
            {zipName}: {photos(match.matched.length)} matched to pupils
            {match.unmatched.length > 0 ? `, ${match.unmatched.length} ${match.unmatched.length === 1 ? 'file' : 'files'} not matched` : ''}.
          </p>
          {match.matched.length > 0 && (
            <table aria-label="Photos matched to pupils">
              <thead>
                <tr>
                  <th scope="col">Pupil</th>
                  <th scope="col">Class</th>
                  <th scope="col">File</th>
                  <th scope="col">Photo now</th>
                </tr>
              </thead>
              <tbody>
                {match.matched.map((m) => (
                  <tr key={m.fileName}>
                    <th scope="row">{m.pupil.name}</th>
                    <td>{m.pupil.groupName ?? '–'}</td>
                    <td>{m.fileName}</td>
                    <td>{m.pupil.hasPhoto ? 'Will be replaced' : 'None'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {match.unmatched.length > 0 && (
            <table aria-label="Files not matched">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Why it was not matched</th>
                </tr>
              </thead>
              <tbody>
                {match.unmatched.map((u) => (
                  <tr key={u.fileName}>
                    <th scope="row">{u.fileName}</th>
                    <td>{u.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="button primary" disabled={uploading || match.matched.length === 0} onClick={() => void upload()}>
            Upload {photos(match.matched.length)}
          </button>
        </div>
      )}
      {progress && (
        <div className="zip-progress">
          <label htmlFor="photo-progress">
            {progress.finished ? 'Finished' : 'Uploading'}: {progress.done} of {progress.total}
          </label>
          <progress id="photo-progress" max={Math.max(1, progress.total)} value={progress.done} />
          {progress.failed.length > 0 && (
            <ul className="zip-failed" aria-label="Photos not uploaded">
              {progress.failed.map((f) => (
                <li key={f.fileName}>
                  {f.fileName} ({f.name}): {f.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
