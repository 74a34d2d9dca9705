/** The school's settings: name, URN, time zone, register times, attendance bands and target (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function SchoolSettings({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>School</h1>
    </main>
  );
}
