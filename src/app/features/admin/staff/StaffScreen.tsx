/** Staff: accounts, roles, classes, first sign-in codes and the staff import (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function StaffScreen({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Staff</h1>
    </main>
  );
}
