/**
 * Shown when another tab opened a newer version of the device database: this page's connection was closed
 * (db/connection.ts) and the page must reload. Everything saved is in the database, so reloading loses nothing.
 */
export function ReloadNotice({ onReload }: { onReload: () => void }) {
  return (
    <div className="reload-notice" role="alert">
      <p>The app was updated in another tab. Reload this page to carry on; marks already saved are safe.</p>
      <button type="button" className="button primary small" onClick={onReload}>
        Reload page
      </button>
    </div>
  );
}
