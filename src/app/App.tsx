/**
 * The app shell: who is signed in, their sync engine, and which screen to show. Opens signed in from the
 * device database (so it works offline after a reload) and never waits for the network to show a screen.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RegisterDb } from './db/schema';
import type { SignedInUser } from './db/types';
import { getCurrentUser } from './db/meta';
import { clearSignedInUser, saveSignedInUser } from './db/session';
import type { ApiClient } from './sync/api';
import type { Clock } from './sync/clock';
import { createSyncEngine, type SyncEngine } from './sync/engine';
import { ServicesProvider, type AppServices } from './components/services';
import { navigate, useRoute } from './components/route';
import { SyncStatus } from './components/SyncStatus';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SignIn } from './features/auth/SignIn';
import { SignOutButton } from './features/auth/SignOutButton';
import { Home } from './features/registers/Home';
import { RegisterScreen } from './features/registers/RegisterScreen';

const OfficeToday = lazy(() => import('./features/office/OfficeToday'));

export interface AppProps {
  db: RegisterDb;
  api: ApiClient;
  clock: Clock;
  /** Rendered after the screens (the update prompt in the real app). */
  children?: ReactNode;
}

const takesRegisters = (user: SignedInUser) => user.role === 'teacher' || user.role === 'ta';

export function App({ db, api, clock, children }: AppProps) {
  const [session, setSession] = useState<{ user: SignedInUser | null; engine: SyncEngine | null } | null>(null);
  const route = useRoute();

  const engineFor = useCallback(
    (user: SignedInUser) => createSyncEngine({ db, api, clock, userId: user.id, displayName: user.displayName }),
    [db, api, clock],
  );

  useEffect(() => {
    let cancelled = false;
    void Promise.all([clock.ready, getCurrentUser(db)]).then(([, user]) => {
      if (!cancelled) setSession({ user: user ?? null, engine: user ? engineFor(user) : null });
    });
    return () => {
      cancelled = true;
    };
  }, [db, clock, engineFor]);

  // Office screens read the server directly; only people who take registers sync a device copy.
  const engine = session?.engine;
  const user = session?.user;
  useEffect(() => {
    if (engine && user && takesRegisters(user)) return engine.start();
    return undefined;
  }, [engine, user]);

  const signedIn = useCallback(
    async (user: SignedInUser) => {
      await saveSignedInUser(db, user);
      void navigator.storage?.persist?.().catch(() => undefined);
      setSession((current) => {
        if (current?.engine && current.user?.id === user.id) {
          current.engine.signedInAgain();
          return { user, engine: current.engine };
        }
        return { user, engine: engineFor(user) };
      });
    },
    [db, engineFor],
  );

  const signOut = useCallback(async () => {
    session?.engine?.stop();
    await api.logout().catch(() => undefined);
    await clearSignedInUser(db);
    setSession({ user: null, engine: null });
    navigate('#/');
  }, [api, db, session?.engine]);

  const services: AppServices = useMemo(
    () => ({ db, api, clock, user: session?.user ?? null, engine: session?.engine ?? null, signedIn, signOut }),
    [db, api, clock, session, signedIn, signOut],
  );

  let screen: ReactNode;
  if (!session) screen = <main aria-busy="true" />;
  else if (!session.user || !session.engine) screen = <SignIn />;
  else if (route.name === 'sign-in') screen = <SignIn username={session.user.username} onDone={() => navigate('#/')} />;
  else screen = <SignedInShell user={session.user} engine={session.engine} db={db} route={route} />;

  return (
    <ServicesProvider value={services}>
      <ErrorBoundary>{screen}</ErrorBoundary>
      {children}
    </ServicesProvider>
  );
}

function SignedInShell({ user, engine, db, route }: { user: SignedInUser; engine: SyncEngine; db: RegisterDb; route: ReturnType<typeof useRoute> }) {
  const teacher = takesRegisters(user);
  return (
    <div className="shell">
      <header className="top-bar">
        <div className="who">
          <span className="school">{user.schoolName}</span>
          <span className="user">{user.displayName}</span>
        </div>
        {teacher && <SyncStatus db={db} engine={engine} />}
        <SignOutButton />
      </header>
      {!teacher ? (
        <Suspense fallback={<main aria-busy="true">Loading…</main>}>
          <OfficeToday />
        </Suspense>
      ) : route.name === 'register' ? (
        <RegisterScreen key={`${route.groupId}|${route.date}|${route.session}`} groupId={route.groupId} date={route.date} session={route.session} />
      ) : (
        <Home />
      )}
    </div>
  );
}
