/**
 * The office's and the admin's workspace (office and admin; desktop first, 1280 px and up; one lazy chunk,
 * never on a teacher's path): a side menu of the day's jobs, then, for an admin, the school's set-up, and the
 * screen chosen by the route (#/office/<page>/… or #/admin/<page>/…). Each screen is its own lazy chunk, so
 * opening one does not load the others. The shell lives outside features/ because it gathers screens from
 * several features, which never import each other.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { adminHref, officeHref, type AdminPage, type OfficePage, type PageProps } from '../components/route';
import { useSignedIn } from '../components/services';
import { AlertsWaiting } from '../office/AlertsWaiting';
import '../office/office.css';

type Page = { label: string; component: LazyExoticComponent<ComponentType<PageProps>>; adminOnly?: true };

const OFFICE: Record<OfficePage, Page> = {
  today: { label: 'Registers today', component: lazy(() => import('../features/today/OfficeToday')) },
  take: { label: 'Take a register', component: lazy(() => import('../features/today/TakeRegister')) },
  absences: { label: 'First-day calls', component: lazy(() => import('../features/follow-up/FirstDayResponse')) },
  late: { label: 'Late arrivals and signing out', component: lazy(() => import('../features/today/LateDesk')) },
  fire: { label: 'Fire roll call', component: lazy(() => import('../features/today/FireRollCall')) },
  unresolved: { label: 'Unresolved N', component: lazy(() => import('../features/follow-up/UnresolvedN')) },
  conflicts: { label: 'Conflicts', component: lazy(() => import('../features/follow-up/Conflicts')) },
  pupils: { label: 'Pupils', component: lazy(() => import('../features/pupils/Pupils')) },
  attendance: { label: 'Attendance', component: lazy(() => import('../features/figures/Attendance')) },
  persistent: { label: 'Persistent absence', component: lazy(() => import('../features/absence-lists/PersistentAbsence')) },
  alerts: { label: 'Alerts', component: lazy(() => import('../features/alerts/Alerts')) },
  day: { label: 'Day register', component: lazy(() => import('../features/pupils/DayRegister')) },
  planned: { label: 'Planned absences and closures', component: lazy(() => import('../features/planning/PlannedAbsences')) },
  export: { label: 'Export (CSV)', component: lazy(() => import('../features/planning/ExportCsv')) },
  covers: { label: 'Cover', component: lazy(() => import('../features/today/OfficeCovers')) },
  devices: { label: 'Staff devices', component: lazy(() => import('../features/admin/devices/StaffDevices')), adminOnly: true },
};

const ADMIN: Record<AdminPage, Page> = {
  school: { label: 'School and register times', component: lazy(() => import('../features/admin/school/SchoolSettings')) },
  calendar: { label: 'Calendar', component: lazy(() => import('../features/admin/calendar/CalendarScreen')) },
  classes: { label: 'Classes', component: lazy(() => import('../features/admin/staff/ClassesScreen')) },
  staff: { label: 'Staff', component: lazy(() => import('../features/admin/staff/StaffScreen')) },
  pupils: { label: 'Pupil records', component: lazy(() => import('../features/admin/pupils/PupilRecords')) },
  photos: { label: 'Photos', component: lazy(() => import('../features/admin/pupils/PhotosScreen')) },
  import: { label: 'Import from MIS', component: lazy(() => import('../features/admin/import/ImportPupils')) },
  audit: { label: 'Audit of changes', component: lazy(() => import('../features/admin/audit/AdminAudit')) },
};

export const OFFICE_MENU = Object.entries(OFFICE).map(([page, { label, adminOnly }]) => ({ page: page as OfficePage, label, adminOnly: adminOnly ?? false }));
export const ADMIN_MENU = Object.entries(ADMIN).map(([page, { label }]) => ({ page: page as AdminPage, label }));

export type WorkspaceRoute = { area: 'office'; page: OfficePage; params: string[] } | { area: 'admin'; page: AdminPage; params: string[] };

export default function WorkspaceShell({ route }: { route: WorkspaceRoute }) {
  const { user } = useSignedIn();
  const isAdmin = user.role === 'admin';
  // Admin-only screens are left out of the office's menu (the server refuses their requests to anyone else).
  const officeMenu = OFFICE_MENU.filter((item) => !item.adminOnly || isAdmin);
  const shown: WorkspaceRoute = route.area === 'admin' && !isAdmin ? { area: 'office', page: 'today', params: [] } : route;
  const Page = shown.area === 'admin' ? ADMIN[shown.page].component : OFFICE[shown.page].component;
  return (
    <div className="office-shell">
      <nav aria-label="Office" className="office-menu no-print">
        <ul>
          {officeMenu.map((item) => (
            <li key={item.page}>
              <a href={officeHref(item.page)} aria-current={shown.area === 'office' && item.page === shown.page ? 'page' : undefined}>
                {item.label}
                {item.page === 'alerts' && <AlertsWaiting />}
              </a>
            </li>
          ))}
        </ul>
        {isAdmin && (
          <>
            <h2 className="office-menu-heading" id="admin-menu-heading">
              Admin
            </h2>
            <ul aria-labelledby="admin-menu-heading">
              {ADMIN_MENU.map((item) => (
                <li key={item.page}>
                  <a href={adminHref(item.page)} aria-current={shown.area === 'admin' && item.page === shown.page ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </nav>
      <Suspense fallback={<main aria-busy="true">Loading…</main>}>
        <Page key={`${shown.area}/${shown.page}`} params={shown.params} />
      </Suspense>
    </div>
  );
}
