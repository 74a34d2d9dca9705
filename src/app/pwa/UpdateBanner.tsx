/** "A new version is ready — Reload", refusing to reload while marks are waiting to be sent. */
import { plural } from '../components/pupilName';

export function UpdateBanner({ pending, onReload, onLater }: { pending: number; onReload: () => void; onLater: () => void }) {
  const blocked = pending > 0;
  return (
    <div className="update-banner" role="status" aria-live="polite">
      <p>A new version is ready.</p>
      <button type="button" className="button primary small" onClick={onReload} disabled={blocked} aria-describedby={blocked ? 'update-wait' : undefined}>
        Reload
      </button>
      <button type="button" className="button secondary small" onClick={onLater}>
        Later
      </button>
      {blocked && (
        <p id="update-wait" className="hint">
          Waiting until {plural(pending, 'mark has', 'marks have')} been sent before updating, so nothing is interrupted.
        </p>
      )}
    </div>
  );
}
