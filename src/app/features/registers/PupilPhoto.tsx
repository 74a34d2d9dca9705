/**
 * A pupil's photo in the place of their initials, the same size. The image is made into a blob URL once per
 * photo (a new one only when the photo itself changes) and the URL is revoked when the row goes or the photo
 * changes, so a long day of registers does not keep old images in memory. Until the URL is made (one effect
 * after the first paint), and where the browser cannot make one, the initials show.
 */
import { useEffect, useState } from 'react';
import { base64ToBytes } from '../../../protocol/adminPhotos';
import type { PhotoValue } from '../../db/types';

export function PupilPhoto({ photo, name, initials }: { photo: PhotoValue | undefined; name: string; initials: string }) {
  const url = usePhotoUrl(photo);
  if (url) return <img className="pupil-avatar pupil-photo" src={url} alt={name} width={44} height={44} decoding="async" />;
  return (
    <span className="pupil-avatar" aria-hidden="true">
      {initials}
    </span>
  );
}

function usePhotoUrl(photo: PhotoValue | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const data = photo?.data;
  const type = photo?.contentType;
  useEffect(() => {
    if (!data || !type || typeof URL.createObjectURL !== 'function') {
      setUrl(null);
      return;
    }
    let made: string;
    try {
      made = URL.createObjectURL(new Blob([base64ToBytes(data) as BlobPart], { type }));
    } catch {
      setUrl(null); // unreadable base64: the initials stay
      return;
    }
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [data, type]);
  return url;
}
