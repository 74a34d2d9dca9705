/** The audit of every admin change (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function AdminAudit({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Audit</h1>
    </main>
  );
}
