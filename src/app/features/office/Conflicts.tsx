/** Placeholder: this office screen is being built. */
import type { OfficePageProps } from './OfficeShell';

export default function Conflicts(_props: OfficePageProps) {
  return (
    <main className="office">
      <h1>Conflicts</h1>
      <p className="notice">This screen is not built yet.</p>
    </main>
  );
}
