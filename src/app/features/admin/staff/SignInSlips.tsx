/**
 * Printable first sign-in slips, one per person: the school, their name, username, one-time code and when it
 * runs out, and where to go. The codes exist only in this answer: the server keeps their hashes, so the slips
 * are printed now or a new code is issued later. The print stylesheet (staff.css) prints only the slips, on A4.
 */
import { longDate } from './staffApi';

/** The sign-in screen's link to the first sign-in, named on the slip exactly as the screen shows it. */
const FIRST_SIGN_IN_LINK = 'First time? Sign in with your code';

export interface Slip {
  username: string;
  displayName: string;
  code: string;
  expiresAt: string;
}

export function SignInSlips({ slips, schoolName, timeZone, onClose }: { slips: Slip[]; schoolName: string; timeZone: string; onClose: () => void }) {
  const address = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <section className="sign-in-slips" aria-label="Sign-in slips">
      <div className="slips-actions">
        <h2>Sign-in slips</h2>
        <p>Print these now and hand each person their slip: the codes are not shown again (you can issue a new one later).</p>
        <button type="button" className="button" onClick={() => window.print()}>Print</button>
        <button type="button" className="button secondary" onClick={onClose}>Done</button>
      </div>
      {slips.map((s) => (
        <article key={s.username} className="slip" aria-label={`Slip for ${s.displayName}`}>
          <p className="slip-school">{schoolName}</p>
          <p className="slip-name">{s.displayName}</p>
          <dl>
            <dt>Username</dt>
            <dd className="slip-username">{s.username}</dd>
            <dt>First sign-in code</dt>
            <dd className="slip-code">{s.code}</dd>
            <dt>Use it by</dt>
            <dd>{longDate(s.expiresAt, timeZone)}</dd>
          </dl>
          <p>
            Go to <strong>{address}</strong>, choose <strong>{FIRST_SIGN_IN_LINK}</strong>, and enter your username and this code to choose
            your password. The code works once.
          </p>
        </article>
      ))}
    </section>
  );
}
