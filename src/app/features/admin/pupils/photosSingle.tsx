/**
 * One pupil's photo: choose the pupil, choose a file, see it shrunk, upload it (or remove the one they have).
 * The file is shrunk before anything is sent, so what the preview shows is exactly what tablets will get.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../../sync/api';
import type { AdminPhotoPupil } from '../../../../protocol/adminPhotos';
import type { PhotoResizer } from './photosResize';
import { forgetPreview, kB, photoProblem, previewUrl, removePhoto, uploadPhoto } from './photosApi';

interface Props {
  api: ApiClient;
  pupils: AdminPhotoPupil[];
  resize: PhotoResizer;
  onChanged: (message: string) => Promise<void>;
}

interface Shrunk {
  blob: Blob;
  url: string | null;
  originalSize: number;
}

export function PhotoSingle({ api, pupils, resize, onChanged }: Props) {
  const [pupilId, setPupilId] = useState('');
  const [shrunk, setShrunk] = useState<Shrunk | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileKey, setFileKey] = useState(0);
  const pupil = pupils.find((p) => p.pupilId === pupilId);
  const groups = useMemo(() => {
    const byGroup = new Map<string, AdminPhotoPupil[]>();
    for (const p of pupils) {
      const name = p.groupName ?? 'Not in a class today';
      byGroup.set(name, [...(byGroup.get(name) ?? []), p]);
    }
    return [...byGroup];
  }, [pupils]);

  useEffect(() => () => forgetPreview(shrunk?.url ?? null), [shrunk]);

  async function choose(file: File | undefined) {
    setShrunk(null);
    setError(null);
    if (!file) return;
    setBusy(true);
    try {
      const blob = await resize(file);
      setShrunk({ blob, url: previewUrl(blob), originalSize: file.size });
    } catch (e) {
      setError(`${file.name}: ${photoProblem(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function act(what: 'upload' | 'remove') {
    if (!pupil) return;
    setBusy(true);
    setError(null);
    try {
      if (what === 'upload' && shrunk) await uploadPhoto(api, pupil.pupilId, shrunk.blob);
      else await removePhoto(api, pupil.pupilId);
      setShrunk(null);
      setFileKey((k) => k + 1);
      await onChanged(what === 'upload' ? `Photo of ${pupil.name} saved.` : `Photo of ${pupil.name} removed.`);
    } catch (e) {
      setError(photoProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="photos-single" aria-labelledby="photos-single-heading">
      <h2 id="photos-single-heading">One pupil</h2>
      <div className="field">
        <label htmlFor="photo-pupil">Pupil</label>
        <select id="photo-pupil" value={pupilId} onChange={(e) => setPupilId(e.target.value)}>
          <option value="">Choose a pupil…</option>
          {groups.map(([group, members]) => (
            <optgroup key={group} label={group}>
              {members.map((p) => (
                <option key={p.pupilId} value={p.pupilId}>
                  {p.name}
                  {p.hasPhoto ? ' (has a photo)' : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      {pupil && (
        <>
          <div className="field">
            <label htmlFor="photo-file">Photo of {pupil.name}</label>
            <input key={fileKey} id="photo-file" type="file" accept="image/jpeg,image/png,image/webp" disabled={busy} onChange={(e) => void choose(e.target.files?.[0])} />
            <span className="hint">A JPEG, PNG or WebP. It is shrunk to about 240 pixels before it is sent.</span>
          </div>
          {shrunk && (
            <figure className="photo-preview">
              {shrunk.url && <img src={shrunk.url} alt={`New photo of ${pupil.name}`} />}
              <figcaption>
                Ready to upload: {kB(shrunk.blob.size)} (the file was {kB(shrunk.originalSize)}).
              </figcaption>
            </figure>
          )}
          <div className="photo-actions">
            <button type="button" className="button primary" disabled={busy || !shrunk} onClick={() => void act('upload')}>
              {pupil.hasPhoto ? 'Replace photo' : 'Upload photo'}
            </button>
            {pupil.hasPhoto && (
              <button type="button" className="button secondary" disabled={busy} onClick={() => void act('remove')}>
                Remove photo
              </button>
            )}
          </div>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
