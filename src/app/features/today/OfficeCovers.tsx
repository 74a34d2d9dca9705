/**
 * The office's cover screen (office and admin; desktop first; loaded lazily): the covers for the coming
 * fortnight, a form to add one, and Remove on each.
 *
 * Guarantees:
 * - Every change is a mutation recorded in the outbox (cover.add / cover.remove via engine.enqueue) and sent
 *   by the same push as everything else; nothing is posted from here directly. A change not yet sent is shown
 *   as waiting, and the list is read again from the server once it has gone.
 * - A change the server refused stays listed with the server's reason until the person dismisses it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSignedIn } from '../../components/services';
import { addDays, localDateOf } from '../../../domain/time';
import { ApiError, type Cover, type OfficeGroup, type StaffMember } from '../../sync/api';
import { dismissRejected } from '../../db/outbox';
import type { OutboxEntry } from '../../db/types';
import { CoverForm } from './CoverForm';
import { CoverList, type CoverRow } from './CoverList';
import { describeDates, describeSessions, toArgs, type CoverDraft } from './coverModel';
import { FormMessages } from '../../components/FormMessages';

export const COVERS_POLL_MS = 60_000;
/** "The coming fortnight": today and the 13 days after it. */
const FORTNIGHT_DAYS = 13;

type CoverEntry = Extract<OutboxEntry, { type: 'cover.add' | 'cover.remove' }>;

function loadError(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Covers you add are kept and sent when it is back.';
  if (e instanceof ApiError && e.status === 403) return 'Only office staff can arrange cover.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  return 'The covers could not be loaded. Trying again…';
}

export default function OfficeCovers({ pollMs = COVERS_POLL_MS }: { pollMs?: number; params?: string[] }) {
  const { api, clock, db, engine, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const today = localDateOf(clock.now(), timeZone);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [groups, setGroups] = useState<OfficeGroup[]>([]);
  const [covers, setCovers] = useState<Cover[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const entries = useLiveQuery(
    async () =>
      (await db.outbox.where('userId').equals(user.id).toArray())
        .filter((e): e is CoverEntry => e.type === 'cover.add' || e.type === 'cover.remove')
        .sort((a, b) => a.seq - b.seq),
    [db, user.id],
  );
  const pendingCount = entries?.filter((e) => e.status === 'pending').length;

  const load = useCallback(async () => {
    try {
      const [s, g, c] = await Promise.all([api.officeStaff(), api.officeGroups(), api.officeCovers(today, addDays(today, FORTNIGHT_DAYS))]);
      setStaff(s.staff);
      setGroups(g.groups);
      setCovers(c.covers);
      setError(null);
    } catch (e) {
      setError(loadError(e));
    }
  }, [api, today]);

  // Read again on a timer, and whenever a change has left the outbox (the server now has it).
  useEffect(() => {
    void load();
    const id = setInterval(load, pollMs);
    return () => clearInterval(id);
  }, [load, pollMs, pendingCount]);

  const names = useMemo(
    () => ({ staff: new Map(staff.map((s) => [s.id, s.displayName])), groups: new Map(groups.map((g) => [g.id, g.name])) }),
    [staff, groups],
  );

  const rows = useMemo<CoverRow[]>(() => {
    const list: CoverRow[] = (covers ?? []).map((c) => ({ ...c }));
    for (const e of entries?.filter((x) => x.status === 'pending') ?? []) {
      if (e.type === 'cover.add' && !list.some((c) => c.id === e.args.id)) {
        list.push({ ...e.args, staffName: names.staff.get(e.args.staffId) ?? 'Someone', groupName: names.groups.get(e.args.groupId) ?? 'A class', waiting: 'adding' });
      } else if (e.type === 'cover.remove') {
        const row = list.find((c) => c.id === e.args.id);
        if (row) row.waiting = 'removing';
      }
    }
    return list.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.groupName.localeCompare(b.groupName, 'en-GB', { numeric: true }));
  }, [covers, entries, names]);

  const rejected = entries?.filter((e) => e.status === 'rejected') ?? [];

  async function add(draft: CoverDraft) {
    const args = toArgs(draft, crypto.randomUUID());
    try {
      await engine.enqueue('cover.add', args);
      setNotice(
        `Cover added: ${names.staff.get(args.staffId)} for ${names.groups.get(args.groupId)}, ${describeDates(args.startDate, args.endDate)}, ${describeSessions(args.sessions).toLowerCase()}.`,
      );
    } catch (e) {
      setNotice(null);
      setError(e instanceof Error ? e.message : 'The cover was not saved. Try again.');
      throw e;
    }
  }

  async function remove(cover: CoverRow) {
    try {
      await engine.enqueue('cover.remove', { id: cover.id });
      setNotice(`Cover removed: ${cover.staffName} for ${cover.groupName}, ${describeDates(cover.startDate, cover.endDate)}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The removal was not saved. Try again.');
    }
  }

  function describeEntry(e: CoverEntry): string {
    if (e.type === 'cover.remove') {
      const c = covers?.find((x) => x.id === e.args.id);
      return c ? `Removing ${c.staffName}'s cover of ${c.groupName}` : 'Removing a cover';
    }
    return `Cover by ${names.staff.get(e.args.staffId) ?? 'someone'} for ${names.groups.get(e.args.groupId) ?? 'a class'}, ${describeDates(e.args.startDate, e.args.endDate)}`;
  }

  return (
    <main className="office covers">
      <h1>Cover</h1>
      <FormMessages error={error} notice={notice} />
      {rejected.length > 0 && (
        <section className="rejected" aria-labelledby="covers-rejected">
          <h2 id="covers-rejected" className="rejected-title">
            Not accepted by the school's server
          </h2>
          <ul>
            {rejected.map((e) => (
              <li key={e.key}>
                <strong>{describeEntry(e)}:</strong> {e.message}{' '}
                <button type="button" className="button secondary small" onClick={() => void dismissRejected(db, [e.key!])} aria-label={`Dismiss: ${describeEntry(e)}`}>
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="covers-layout">
        <section aria-labelledby="covers-heading" className="covers-list">
          <h2 id="covers-heading">Next two weeks</h2>
          {covers === null && !error ? <p className="notice">Loading covers…</p> : <CoverList rows={rows} onRemove={(c) => void remove(c)} />}
        </section>
        <CoverForm staff={staff} groups={groups} today={today} onAdd={add} />
      </div>
    </main>
  );
}
