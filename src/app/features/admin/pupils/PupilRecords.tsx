/** Pupils' records: add, edit, move to another class, leave (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function PupilRecords({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Pupils</h1>
    </main>
  );
}
