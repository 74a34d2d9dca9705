/** Placeholder: this office screen is being built. */
import type { OfficePageProps } from './OfficeShell';

export default function Pupils(_props: OfficePageProps) {
  return (
    <main className="office">
      <h1>Pupils</h1>
      <p className="notice">This screen is not built yet.</p>
    </main>
  );
}
