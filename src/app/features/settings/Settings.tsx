/**
 * Settings and About: what a school's IT person (or the office on the phone) needs to know about this tablet:
 * whether the browser will keep the app's data, how much storage it uses, which version runs, this person's
 * device id, how far the tablet's clock is from the server's, and when this person last synced.
 * Loaded lazily. Reads only; the one action is asking the browser again to keep the data.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import { useSignedIn } from '../../components/services';
import { getDevice, getLastSync } from '../../db/meta';
import { formatBytes, readStorageReport, requestPersistentStorage, type StorageReport } from '../../pwa/storage';
import { appVersion, describeOffset, describeWhen } from './about';

export default function Settings() {
  const { db, user, engine, clock } = useSignedIn();
  const [report, setReport] = useState<StorageReport | null>(null);
  const [asking, setAsking] = useState(false);
  const device = useLiveQuery(() => getDevice(db, user.id), [db, user.id]);
  const storedLastSync = useLiveQuery(() => getLastSync(db, user.id), [db, user.id]);
  const liveLastSync = useStore(engine.status, (s) => s.lastSyncedAt);
  const lastSync = liveLastSync ?? storedLastSync ?? null;
  const timeZone = user.timeZone || 'Europe/London';

  const refresh = useCallback(() => readStorageReport(db).then(setReport), [db]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function askAgain() {
    setAsking(true);
    try {
      await requestPersistentStorage(db, clock.now());
      await refresh();
    } finally {
      setAsking(false);
    }
  }

  const persisted = report?.persisted;
  return (
    <main className="settings">
      <h1>Settings</h1>
      <section className="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage on this tablet</h2>
        <dl className="facts">
          <dt>Data kept by the browser</dt>
          <dd>{report === null ? 'Checking…' : persisted === true ? 'Yes' : persisted === false ? 'No' : 'Unknown (this browser cannot say)'}</dd>
          <dt>Storage used</dt>
          <dd>
            {report === null
              ? 'Checking…'
              : report.usage !== null && report.quota !== null
                ? `${formatBytes(report.usage)} of ${formatBytes(report.quota)}`
                : 'Not available on this browser'}
          </dd>
        </dl>
        {report !== null && persisted !== true && (
          <>
            <p className="notice">
              Add the app to the home screen so the tablet keeps its data. Until then the browser may delete marks that have not been sent
              if the tablet runs short of space or the app is not opened for a week.
            </p>
            <button type="button" className="button secondary" onClick={() => void askAgain()} disabled={asking}>
              {asking ? 'Asking…' : 'Ask the browser to keep the data'}
            </button>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="about-heading">
        <h2 id="about-heading">About</h2>
        <dl className="facts">
          <dt>App version</dt>
          <dd>{appVersion()}</dd>
          <dt>Signed in as</dt>
          <dd>
            {user.displayName} ({user.username})
          </dd>
          <dt>Device id for {user.displayName}</dt>
          <dd className="device-id">{device?.deviceId ?? 'Not created yet (made with the first mark or sync)'}</dd>
          <dt>Marks can be sent after signing out</dt>
          <dd>{device?.deviceKey ? 'Yes (this tablet holds a device key)' : 'No (they wait until you sign in here again)'}</dd>
          <dt>Tablet clock</dt>
          <dd>{describeOffset(clock.offsetMs())}</dd>
          <dt>Last successful sync</dt>
          <dd>{lastSync === null ? 'Not yet on this tablet' : describeWhen(lastSync, clock.now(), timeZone)}</dd>
        </dl>
      </section>
    </main>
  );
}
