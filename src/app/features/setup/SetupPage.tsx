/**
 * The first run's setup page, at the address the server prints (/setup?token=…): the school's name, URN and
 * time zone, and its first admin. On success the admin is signed in (services.signedIn, as SignIn does) and
 * `onDone` takes the app to the School screen. Without a token, or offline, it says what to do instead.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useServices } from '../../components/services';
import { ApiError } from '../../sync/api';
import { DEFAULT_SETUP_TIME_ZONE, MIN_PASSWORD_LENGTH } from '../../../protocol/setup';
import './setup.css';

export interface SetupPageProps {
  /** The query string of the address (`?token=…`). */
  search: string;
  /** After the admin is signed in: go to the School screen. */
  onDone(): void;
  /** Whether the browser has a connection (navigator.onLine; tests pass it). */
  online?: boolean;
}

const TIME_ZONES: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [DEFAULT_SETUP_TIME_ZONE];

export function SetupPage({ search, onDone, online = typeof navigator === 'undefined' ? true : navigator.onLine }: SetupPageProps) {
  const { api, signedIn } = useServices();
  const token = new URLSearchParams(search).get('token') ?? '';
  const [schoolName, setSchoolName] = useState('');
  const [urn, setUrn] = useState('');
  const [timeZone, setTimeZone] = useState(DEFAULT_SETUP_TIME_ZONE);
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token) {
    return (
      <SetupNotice>
        This page needs the setup address the server printed when it started, in full (it ends with <code>?token=</code> and a long
        code). Copy it from the server's window. If it has been lost, restart the server: it prints a new address while the school
        is not yet set up.
      </SetupNotice>
    );
  }
  if (!online) {
    return <SetupNotice>Setting up the school needs a connection to the school's server. Connect to the network and open the setup address again.</SetupNotice>;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!schoolName.trim()) return setError("Enter the school's name.");
    if (urn.trim() && !/^\d{6}$/.test(urn.trim())) return setError('A URN is 6 digits (you can find it on Get Information about Schools). Leave it empty if you do not know it.');
    if (!displayName.trim()) return setError("Enter the admin's name, as staff will see it.");
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,49}$/.test(username.trim())) return setError('A username is 2 to 50 letters, digits, dots, hyphens or underscores, starting with a letter or digit (for example j.smith).');
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long. A few ordinary words together make a good one.`);
    if (password !== again) return setError('The two passwords are not the same. Type the password again in both boxes.');
    setBusy(true);
    try {
      const { user } = await api.setup({
        token,
        school: { name: schoolName.trim(), urn: urn.trim() || undefined, timeZone },
        admin: { username: username.trim(), displayName: displayName.trim(), password },
      });
      await signedIn(user);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'network') setError("Cannot reach the school's server. Check the connection and try again.");
      else if (e instanceof ApiError && e.code === 'setup_token_invalid')
        setError('This setup address does not work any more: it has been used, or the server has printed a newer one since. Use the address the server printed most recently; if the school is already set up, sign in instead.');
      else if (e instanceof ApiError && e.code === 'username_taken') setError('That username is already in use. Choose another one.');
      else if (e instanceof ApiError && e.code === 'password_too_short') setError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
      else if (e instanceof ApiError && e.status === 400) setError(`Something in the form is not right: ${e.message}`);
      else setError('Setting up did not work. Try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in setup">
      <h1>Set up your school</h1>
      <form onSubmit={submit} className="card" noValidate>
        <fieldset>
          <legend>The school</legend>
          <label htmlFor="setup-school">School name</label>
          <input id="setup-school" value={schoolName} onChange={(e) => setSchoolName(e.target.value)} required />
          <label htmlFor="setup-urn">URN (optional)</label>
          <input id="setup-urn" inputMode="numeric" aria-describedby="setup-urn-hint" value={urn} onChange={(e) => setUrn(e.target.value)} />
          <p className="hint" id="setup-urn-hint">The school's 6-digit unique reference number.</p>
          <label htmlFor="setup-zone">Time zone</label>
          <select id="setup-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {TIME_ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>The first admin (you)</legend>
          <label htmlFor="setup-name">Your name</label>
          <input id="setup-name" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
          <label htmlFor="setup-username">Username</label>
          <input id="setup-username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
          <label htmlFor="setup-password">Password</label>
          <input id="setup-password" type="password" autoComplete="new-password" aria-describedby="setup-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <p className="hint" id="setup-password-hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
          <label htmlFor="setup-again">Password again</label>
          <input id="setup-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </fieldset>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Setting up…' : 'Set up the school'}
        </button>
        <p className="hint">Next you will set the register times, the calendar, classes, pupils and staff.</p>
      </form>
    </main>
  );
}

function SetupNotice({ children }: { children: ReactNode }) {
  return (
    <main className="sign-in setup">
      <h1>Set up your school</h1>
      <div className="card">
        <p role="status">{children}</p>
      </div>
    </main>
  );
}
