/** Placeholder: this office screen is being built. */
import type { OfficePageProps } from './OfficeShell';

export default function LateDesk(_props: OfficePageProps) {
  return (
    <main className="office">
      <h1>LateDesk</h1>
      <p className="notice">This screen is not built yet.</p>
    </main>
  );
}
