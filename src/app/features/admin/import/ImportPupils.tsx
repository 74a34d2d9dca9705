/** Import pupils from the school's MIS (CSV): preview, then apply (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function ImportPupils({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Import pupils</h1>
    </main>
  );
}
