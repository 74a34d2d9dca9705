/**
 * Sign-in: needs the server the first time; afterwards the app opens signed in even offline. Also says whose
 * marks are still on the tablet, so a person picking up a shared tablet knows they are safe and will be sent.
 */
import { useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../components/services';
import { objectPronoun, plural } from '../../components/pupilName';
import { waitingOnTablet } from '../../db/waiting';
import { ApiError } from '../../sync/api';

export function SignIn({ username: initialUsername = '', onDone }: { username?: string; onDone?: () => void }) {
  const { api, db, signedIn, user } = useServices();
  const waiting = useLiveQuery(() => waitingOnTablet(db, user?.id ?? null), [db, user?.id]);
  const others = waiting?.filter((p) => p.userId !== user?.id) ?? [];
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { user } = await api.login(username.trim(), password);
      await signedIn(user);
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'network') setError('Cannot reach the school server. Connect to the school network and try again.');
      else if (e instanceof ApiError && e.status === 401) setError('That username and password do not match. Check them and try again.');
      // The server's own words say how long to wait (from 2 seconds to 15 minutes).
      else if (e instanceof ApiError && e.status === 429) setError(e.message || 'Too many attempts. Wait a few minutes and try again.');
      else setError('Signing in did not work. Try again, or ask the office for help.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>School Register</h1>
      <form onSubmit={submit} className="card" noValidate>
        <h2>Sign in</h2>
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !username.trim() || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">You need a connection to sign in for the first time. After that the register works without one.</p>
        <p>
          <a href="#/first-sign-in">First time? Sign in with your code</a>
        </p>
      </form>
      {others.length > 0 && (
        <div className="notice waiting-on-tablet">
          {others.map((p) => {
            const who = p.name ?? 'someone who has signed out';
            const what = p.onlyMarks ? plural(p.count, 'mark', 'marks') : plural(p.count, 'change', 'changes');
            return (
              <p key={p.userId}>
                {p.canSend
                  ? `${what} by ${who} will be sent from this tablet when there is a connection.`
                  : `${what} by ${who} ${p.count === 1 ? 'is' : 'are'} waiting for ${objectPronoun(p.name)} to sign in on this tablet.`}
              </p>
            );
          })}
        </div>
      )}
    </main>
  );
}
