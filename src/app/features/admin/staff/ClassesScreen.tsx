/** Classes: registration groups, their year group and teachers (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function ClassesScreen({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Classes</h1>
    </main>
  );
}
