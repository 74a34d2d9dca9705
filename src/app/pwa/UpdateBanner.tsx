/** "New version: Reload", refusing to reload while marks are waiting to be sent, and saying why. */
import { plural } from '../components/pupilName';

export function UpdateBanner({ pending, onReload, onLater }: { pending: number; onReload: () => void; onLater: () => void }) {
  const blocked = pending > 0;
  return (
    <div className="update-banner" role="region" aria-label="New version" aria-live="polite">
      <p>New version:</p>
      <button type="button" className="button primary small" onClick={onReload} disabled={blocked} aria-describedby={blocked ? 'update-wait' : undefined}>
        Reload
      </button>
      <button type="button" className="button secondary small" onClick={onLater}>
        Later
      </button>
      {blocked && (
        <p id="update-wait" className="hint">
          Reload is waiting until {plural(pending, 'mark has', 'marks have')} been sent from this tablet, so nothing is lost on the way.
        </p>
      )}
    </div>
  );
}
