/**
 * The office's workspace (office and admin; desktop first, 1280 px and up; one lazy chunk, never on a
 * teacher's path): a side menu of the day's jobs and the screen chosen by the route (#/office/<page>/…).
 * Each screen is its own lazy chunk too, so opening one does not load the others.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { officeHref, type OfficePage } from '../../components/route';
import { useSignedIn } from '../../components/services';
import './office.css';

export interface OfficePageProps {
  /** The route's parts after the page name, decoded (e.g. a pupil id). */
  params: string[];
}

const PAGES: Record<OfficePage, { label: string; component: LazyExoticComponent<ComponentType<OfficePageProps>>; adminOnly?: true }> = {
  today: { label: 'Registers today', component: lazy(() => import('./OfficeToday')) },
  take: { label: 'Take a register', component: lazy(() => import('./TakeRegister')) },
  absences: { label: 'First-day calls', component: lazy(() => import('./FirstDayResponse')) },
  late: { label: 'Late arrivals and signing out', component: lazy(() => import('./LateDesk')) },
  fire: { label: 'Fire roll call', component: lazy(() => import('./FireRollCall')) },
  unresolved: { label: 'Unresolved N', component: lazy(() => import('./UnresolvedN')) },
  conflicts: { label: 'Conflicts', component: lazy(() => import('./Conflicts')) },
  pupils: { label: 'Pupils', component: lazy(() => import('./Pupils')) },
  day: { label: 'Day register', component: lazy(() => import('./DayRegister')) },
  planned: { label: 'Planned absences and closures', component: lazy(() => import('./PlannedAbsences')) },
  export: { label: 'Export (CSV)', component: lazy(() => import('./ExportCsv')) },
  covers: { label: 'Cover', component: lazy(() => import('./OfficeCovers')) },
  devices: { label: 'Staff devices', component: lazy(() => import('./StaffDevices')), adminOnly: true },
};

export const OFFICE_MENU = Object.entries(PAGES).map(([page, { label, adminOnly }]) => ({ page: page as OfficePage, label, adminOnly: adminOnly ?? false }));

export default function OfficeShell({ page, params }: { page: OfficePage; params: string[] }) {
  const { user } = useSignedIn();
  // Admin-only screens are left out of the office's menu (the server refuses their requests to anyone else).
  const menu = OFFICE_MENU.filter((item) => !item.adminOnly || user.role === 'admin');
  const Page = PAGES[page].component;
  return (
    <div className="office-shell">
      <nav aria-label="Office" className="office-menu no-print">
        <ul>
          {menu.map((item) => (
            <li key={item.page}>
              <a href={officeHref(item.page)} aria-current={item.page === page ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<main aria-busy="true">Loading…</main>}>
        <Page params={params} />
      </Suspense>
    </div>
  );
}
