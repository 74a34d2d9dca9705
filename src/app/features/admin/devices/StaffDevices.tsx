/**
 * Staff devices (admin only; loaded lazily): each person with how many of their devices can still send with a
 * device key and how many sessions they have, and "Revoke devices" for a lost tablet. Revoking removes every
 * device key of that person and signs them out everywhere (POST /api/admin/staff/:staffId/devices/revoke).
 *
 * Guarantees:
 * - Revoking is a request made at once, never queued in the outbox: a revocation that only waited on this
 *   computer would look done while the tablet's key still worked. When it fails the screen says so.
 * - It asks before revoking, and says what it ended (the server's record) afterwards.
 * - Marks waiting on that person's tablets are not lost: they wait there until the person signs in again.
 */
import { useCallback, useEffect, useState } from 'react';
import { useSignedIn } from '../../../components/services';
import { ApiError } from '../../../sync/api';
import { localDateOf } from '../../../../domain/time';
import { schoolTime } from '../../../office/deskTime';
import { plural } from '../../../components/pupilName';
import type { StaffDevicesRow } from '../../../../protocol';
import { FormMessages } from '../../../components/FormMessages';

function problem(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Nothing was changed; try again when it is back.';
  if (e instanceof ApiError && e.status === 403) return 'Only an admin can see and revoke staff devices.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  return e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
}

export default function StaffDevices(_props: { params?: string[] }) {
  const { api, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const [rows, setRows] = useState<StaffDevicesRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<StaffDevicesRow | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setRows((await api.get<{ staff: StaffDevicesRow[] }>('/api/admin/staff/devices')).staff);
      setError(null);
    } catch (e) {
      setError(problem(e));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(person: StaffDevicesRow) {
    setBusy(true);
    try {
      const { revocation } = await api.revokeStaffDevices(person.staffId);
      setNotice(
        `${person.displayName}: ${plural(revocation.keysRemoved, 'device key', 'device keys')} removed and ${plural(revocation.sessionsEnded, 'session', 'sessions')} ended.`,
      );
      setError(null);
      setAsking(null);
      await load();
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  }

  const when = (iso: string) => `${localDateOf(Date.parse(iso), timeZone)} ${schoolTime(iso, timeZone)}`;

  return (
    <main className="office staff-devices">
      <h1>Staff devices</h1>
      <p>
        A tablet keeps a device key for each teacher or TA who signed in on it, so that their marks can still be sent after
        they sign out. If a tablet is lost, revoke that person's devices: every key of theirs stops working and they are
        signed out everywhere.
      </p>
      <FormMessages error={error} notice={notice} />
      {asking && (
        <div className="confirm" role="alertdialog" aria-labelledby="revoke-question">
          <p id="revoke-question">
            Revoke every device of {asking.displayName}? They will be signed out everywhere. Marks waiting on their tablets
            stay there and are sent when they sign in again.
          </p>
          <button type="button" className="button secondary" onClick={() => setAsking(null)} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void revoke(asking)} disabled={busy}>
            Revoke devices
          </button>
        </div>
      )}
      {rows === null && !error ? (
        <p className="notice">Loading staff…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Devices with a key</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last revoked</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <tr key={r.staffId}>
                <th scope="row">{r.displayName}</th>
                <td>{r.role}</td>
                <td>{r.devicesWithKey}</td>
                <td>{plural(r.sessions, 'session', 'sessions')}</td>
                <td>{r.lastRevokedAt ? `${when(r.lastRevokedAt)} by ${r.lastRevokedBy ?? 'an admin'}` : '–'}</td>
                <td>
                  <button type="button" className="button secondary small" onClick={() => setAsking(r)} aria-label={`Revoke devices of ${r.displayName}`}>
                    Revoke devices
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
