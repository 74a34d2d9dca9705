/**
 * Pupils' photos (admin only): one at a time, or a zip of files named by UPN. Each photo is shrunk here in the
 * browser before it is sent (about 240 px, a few kB), so a tablet can keep its own classes' photos offline;
 * the register shows them in place of initials so a supply teacher knows who is who.
 *
 * `resize` is a parameter so component tests (jsdom has no canvas) can pass their own.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../../../components/route';
import { useSignedIn } from '../../../components/services';
import type { AdminPhotoPupil } from '../../../../protocol/adminPhotos';
import { loadPhotoPupils, photoProblem } from './photosApi';
import { shrinkPhoto, type PhotoResizer } from './photosResize';
import { PhotoSingle } from './photosSingle';
import { PhotoZipUpload } from './photosZipUpload';
import './photos.css';
import { FormMessages } from '../../../components/FormMessages';

export default function PhotosScreen({ resize = shrinkPhoto }: PageProps & { resize?: PhotoResizer }) {
  const { api } = useSignedIn();
  const [pupils, setPupils] = useState<AdminPhotoPupil[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setPupils(await loadPhotoPupils(api));
      setError(null);
    } catch (e) {
      setError(photoProblem(e));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = useCallback(
    async (message: string) => {
      setNotice(message);
      await load();
    },
    [load],
  );

  const withPhoto = pupils?.filter((p) => p.hasPhoto).length ?? 0;
  return (
    <main className="office photos">
      <h1>Photos</h1>
      <p>
        Pupils’ photos are shown on the register in place of their initials, so a supply teacher knows who is who. Each
        tablet keeps the photos of its own classes only, and removes them when its user signs out.
      </p>
      <FormMessages error={error} notice={notice} />
      {pupils === null ? (
        !error && <p className="notice">Loading pupils…</p>
      ) : (
        <>
          <p className="photos-count">
            {withPhoto} of {pupils.length} pupils have a photo.
          </p>
          <div className="photos-ways">
            <PhotoSingle api={api} pupils={pupils} resize={resize} onChanged={changed} />
            <PhotoZipUpload api={api} pupils={pupils} resize={resize} onChanged={changed} />
          </div>
        </>
      )}
    </main>
  );
}
