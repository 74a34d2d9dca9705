/** The school's calendar: academic years, terms, half terms and closures (issue 10; being built). */
import type { PageProps } from '../../../components/route';

export default function CalendarScreen({ params }: PageProps) {
  void params;
  return (
    <main className="office">
      <h1>Calendar</h1>
    </main>
  );
}
