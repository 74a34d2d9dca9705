/** Pupils' photos: one at a time or a zip of files named by UPN (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function PhotosScreen({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Photos</h1>
    </main>
  );
}
