/**
 * First sign-in: a new member of staff (or one given a new code) sets their password with the one-time code
 * from the office, and is signed in exactly as by SignIn. Needs the server; says so plainly when it is not there.
 */
import { useState, type FormEvent } from 'react';
import { useServices } from '../../components/services';
import { ApiError } from '../../sync/api';
import { MIN_PASSWORD_LENGTH } from '../../../protocol/setup';

export function FirstSignIn({ onDone }: { onDone?: () => void }) {
  const { api, signedIn } = useServices();
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`Your new password must be at least ${MIN_PASSWORD_LENGTH} characters long. A few ordinary words together make a good one.`);
    if (password !== again) return setError('The two passwords are not the same. Type the new password again in both boxes.');
    setBusy(true);
    try {
      const { user } = await api.firstSignIn({ username: username.trim(), code: code.trim(), newPassword: password });
      await signedIn(user);
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'network') setError('Cannot reach the school server. Connect to the school network and try again.');
      else if (e instanceof ApiError && e.code === 'password_too_short') setError(`Your new password must be at least ${MIN_PASSWORD_LENGTH} characters long. Your code has not been used: try again with a longer one.`);
      else if (e instanceof ApiError && e.status === 401)
        setError('That username and code do not match, or the code has been used or is more than 14 days old. Check both, or ask the office for a new code.');
      else if (e instanceof ApiError && e.status === 429) setError(e.message || 'Too many attempts. Wait a few minutes and try again.');
      else setError('That did not work. Try again, or ask the office for help.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>School Register</h1>
      <form onSubmit={submit} className="card" noValidate>
        <h2>First sign-in</h2>
        <p className="hint">Use the code on the slip from the office to choose your password. A code works once, for 14 days.</p>
        <label htmlFor="first-username">Username</label>
        <input id="first-username" name="username" autoComplete="username" autoCapitalize="none" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor="first-code">Code from the office</label>
        <input id="first-code" name="code" autoComplete="one-time-code" autoCapitalize="characters" placeholder="ABCDE-23456" value={code} onChange={(e) => setCode(e.target.value)} required />
        <label htmlFor="first-password">New password</label>
        <input id="first-password" name="new-password" type="password" autoComplete="new-password" aria-describedby="first-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <p className="hint" id="first-password-hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
        <label htmlFor="first-again">New password again</label>
        <input id="first-again" name="new-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !username.trim() || !code.trim() || !password || !again}>
          {busy ? 'Signing in…' : 'Set password and sign in'}
        </button>
        <p className="hint">
          <a href="#/">Back to sign in</a>
        </p>
      </form>
    </main>
  );
}
