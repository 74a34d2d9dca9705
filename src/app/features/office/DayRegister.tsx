/** Placeholder: this office screen is being built. */
import type { OfficePageProps } from './OfficeShell';

export default function DayRegister(_props: OfficePageProps) {
  return (
    <main className="office">
      <h1>DayRegister</h1>
      <p className="notice">This screen is not built yet.</p>
    </main>
  );
}
