/**
 * The app shell: who is signed in, their sync engine, and which screen to show. Opens signed in from the
 * device database (so it works offline after a reload) and never waits for the network to show a screen.
 *
 * Guarantees:
 * - Exactly one engine runs at a time: the signed-in person's (teachers and TAs push and pull; office staff
 *   push their changes and read the server directly), or, with nobody signed in, a courier that sends the
 *   waiting marks of people who left a device key. Every push sends every person's waiting entries under
 *   their own identity (sync/push.ts).
 * - After each sign-in: the person's device key is requested and the browser is asked to keep the data.
 * - When another tab opens a newer database version, this page stops writing and asks to be reloaded.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RegisterDb } from './db/schema';
import type { SignedInUser } from './db/types';
import { getCurrentUser, getDevice } from './db/meta';
import { clearSignedInUser, saveSignedInUser } from './db/session';
import { watchVersionChange } from './db/connection';
import type { ApiClient } from './sync/api';
import type { Clock } from './sync/clock';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { requestPersistentStorage } from './pwa/storage';
import { ReloadNotice } from './pwa/ReloadNotice';
import { ServicesProvider, type AppServices } from './components/services';
import { navigate, officeHref, useRoute, type Route } from './components/route';
import { SyncStatus } from './components/SyncStatus';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SignIn } from './features/auth/SignIn';
import { FirstSignIn } from './features/auth/FirstSignIn';
import { SignOutButton } from './features/auth/SignOutButton';
import { Home } from './features/registers/Home';
import { RegisterScreen } from './features/registers/RegisterScreen';

// Lazy: none of these is in a teacher's first-load JavaScript.
const WorkspaceShell = lazy(() => import('./workspace/WorkspaceShell'));
const SetupPage = lazy(() => import('./features/setup/SetupPage').then((m) => ({ default: m.SetupPage })));
const Settings = lazy(() => import('./features/settings/Settings'));
const TrustOverview = lazy(() => import('./features/trust/TrustOverview'));

export interface AppProps {
  db: RegisterDb;
  api: ApiClient;
  clock: Clock;
  /** Rendered after the screens (the update prompt in the real app). */
  children?: ReactNode;
  /** Reloads the page (tests pass a spy). */
  reload?: () => void;
  /** Who is signed in on this device, already being read (main.tsx starts it before React); read here if absent. */
  storedUser?: Promise<SignedInUser | undefined>;
}

type SessionState = { user: SignedInUser | null; engine: SyncEngine | null };

const takesRegisters = (user: SignedInUser) => user.role === 'teacher' || user.role === 'ta';
/** A trust admin (issue 12) sees the trust overview only: no register, no device key. */
const isTrustAdmin = (user: SignedInUser) => user.role === 'trust';

export function App({ db, api, clock, children, reload = () => window.location.reload(), storedUser }: AppProps) {
  const [session, setSession] = useState<SessionState | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const [upgradedElsewhere, setUpgradedElsewhere] = useState(false);
  const route = useRoute();
  // The first run's setup address (/setup?token=…) is a path of its own; once the school is set up the
  // address (and its token) is replaced in history by the School screen.
  const [setupSearch, setSetupSearch] = useState(() => (window.location.pathname === '/setup' ? window.location.search : null));
  const setupDone = useCallback(() => {
    window.history.replaceState(null, '', '/#/admin/school');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    setSetupSearch(null);
  }, []);

  const engineFor = useCallback(
    (user: SignedInUser) =>
      // A trust admin has no marks and no device key: their computer only sends, as with nobody signed in,
      // what others left waiting on it.
      isTrustAdmin(user)
        ? createSyncEngine({ db, api, clock, userId: '', courier: true })
        : createSyncEngine({ db, api, clock, userId: user.id, displayName: user.displayName, pull: takesRegisters(user) }),
    [db, api, clock],
  );

  useEffect(() => watchVersionChange(db, () => setUpgradedElsewhere(true)), [db]);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([clock.ready, storedUser ?? getCurrentUser(db)]).then(([, user]) => {
      performance.mark('app:session');
      if (!cancelled) setSession({ user: user ?? null, engine: user ? engineFor(user) : null });
    });
    return () => {
      cancelled = true;
    };
  }, [db, clock, engineFor, storedUser]);

  useEffect(() => {
    if (!session) return undefined;
    const running = session.engine ?? createSyncEngine({ db, api, clock, userId: '', courier: true });
    return running.start();
  }, [session, db, api, clock]);

  const signedIn = useCallback(
    async (user: SignedInUser) => {
      await saveSignedInUser(db, user);
      const current = sessionRef.current;
      let engine: SyncEngine;
      if (current?.engine && current.user?.id === user.id) {
        engine = current.engine;
        engine.signedInAgain();
      } else engine = engineFor(user);
      setSession({ user, engine });
      void engine.registerDeviceKey();
      void requestPersistentStorage(db, clock.now());
    },
    [db, clock, engineFor],
  );

  const signOut = useCallback(async () => {
    sessionRef.current?.engine?.stop();
    // Names this person's device on this tablet, so the server knows when they signed out here: their device key
    // may then send only what they did before this moment.
    const userId = sessionRef.current?.user?.id;
    const device = userId ? await getDevice(db, userId).catch(() => undefined) : undefined;
    await api.logout(device?.deviceId).catch(() => undefined);
    await clearSignedInUser(db);
    setSession({ user: null, engine: null });
    navigate('#/');
  }, [api, db]);

  const services: AppServices = useMemo(
    () => ({ db, api, clock, user: session?.user ?? null, engine: session?.engine ?? null, signedIn, signOut }),
    [db, api, clock, session, signedIn, signOut],
  );

  let screen: ReactNode;
  if (!session) screen = <main aria-busy="true" />;
  else if (setupSearch !== null)
    screen = (
      <Suspense fallback={<main aria-busy="true" />}>
        <SetupPage search={setupSearch} onDone={setupDone} />
      </Suspense>
    );
  else if (route.name === 'first-sign-in') screen = <FirstSignIn onDone={() => navigate('#/')} />;
  else if (!session.user || !session.engine) screen = <SignIn />;
  else if (route.name === 'sign-in') screen = <SignIn username={session.user.username} onDone={() => navigate('#/')} />;
  else if (isTrustAdmin(session.user)) screen = <TrustShell user={session.user} />;
  else screen = <SignedInShell user={session.user} engine={session.engine} db={db} route={route} />;

  return (
    <ServicesProvider value={services}>
      {upgradedElsewhere && <ReloadNotice onReload={reload} />}
      <ErrorBoundary>{screen}</ErrorBoundary>
      {children}
    </ServicesProvider>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <a href={href} className="nav-link" aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

/**
 * The office taking a register for an absent teacher: the teacher's own register screen, once this computer
 * holds that class. Its engine pulls the named class only while the register is open (the server narrows the
 * pull to it), so the office's computer never keeps the rest of the school.
 */
function OfficeRegister({ engine, groupId, date, session }: { engine: SyncEngine; groupId: string; date: string; session: 'AM' | 'PM' }) {
  const [pulled, setPulled] = useState(false);
  useEffect(() => {
    let open = true;
    // A failed pull (no connection) still opens the screen: a class pulled before is on the computer.
    void engine.takeRegisterOf(groupId).finally(() => {
      if (open) setPulled(true);
    });
    return () => {
      open = false;
      void engine.takeRegisterOf(null);
    };
  }, [engine, groupId]);
  if (!pulled) return <main className="register" aria-busy="true">Loading the register…</main>;
  return <RegisterScreen groupId={groupId} date={date} session={session} back={{ href: officeHref('take'), label: 'Take a register' }} />;
}

/** The top bar's school and person, so whoever picks up the tablet sees whose it is. */
function WhoIsSignedIn({ user }: { user: SignedInUser }) {
  return (
    <div className="who">
      <span className="school">{user.schoolName}</span>
      <span className="user">{user.displayName}</span>
    </div>
  );
}

/** The trust admin's whole app: who is signed in, signing out, and the trust overview. */
function TrustShell({ user }: { user: SignedInUser }) {
  return (
    <div className="shell">
      <header className="top-bar">
        <WhoIsSignedIn user={user} />
        <SignOutButton />
      </header>
      <Suspense fallback={<main aria-busy="true">Loading…</main>}>
        <TrustOverview />
      </Suspense>
    </div>
  );
}

function SignedInShell({ user, engine, db, route }: { user: SignedInUser; engine: SyncEngine; db: RegisterDb; route: Route }) {
  const teacher = takesRegisters(user);
  let screen: ReactNode;
  if (route.name === 'settings') screen = <Settings />;
  else if (!teacher && route.name === 'register')
    screen = <OfficeRegister key={`${route.groupId}|${route.date}|${route.session}`} engine={engine} groupId={route.groupId} date={route.date} session={route.session} />;
  else if (!teacher)
    screen = (
      <WorkspaceShell
        route={
          route.name === 'admin'
            ? { area: 'admin', page: route.page, params: route.params }
            : { area: 'office', page: route.name === 'office' ? route.page : 'today', params: route.name === 'office' ? route.params : [] }
        }
      />
    );
  else if (route.name === 'register')
    screen = <RegisterScreen key={`${route.groupId}|${route.date}|${route.session}`} groupId={route.groupId} date={route.date} session={route.session} />;
  else screen = <Home />;
  const onToday = route.name !== 'settings';
  return (
    <div className="shell">
      <header className="top-bar">
        <WhoIsSignedIn user={user} />
        <SyncStatus db={db} engine={engine} noun={teacher ? 'marks' : 'changes'} />
        <nav aria-label="Main" className="main-nav">
          <NavLink href={teacher ? '#/' : '#/office'} current={onToday}>
            {teacher ? 'Today' : 'Office'}
          </NavLink>
          <NavLink href="#/settings" current={route.name === 'settings'}>
            Settings
          </NavLink>
        </nav>
        <SignOutButton />
      </header>
      <Suspense fallback={<main aria-busy="true">Loading…</main>}>{screen}</Suspense>
    </div>
  );
}
