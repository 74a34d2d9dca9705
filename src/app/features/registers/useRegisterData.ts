/**
 * One register as stored on this tablet: the group, its pupils, their cells, and this person's "pupil is here"
 * flags.
 *
 * Three live queries, so a tap does not re-read what a tap cannot change: the roster (group, the pupils in it on
 * that date, their photos, this person's assignments) is read when those tables change, which is only at a pull; the "pupil is here" flags
 * when one is raised or answered; the cells after every write. Identities stay the same while the data does,
 * so the screen's memoised parts (the sorted rows, the names) are not rebuilt after each tap.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { RegisterDb } from '../../db/schema';
import type { LocalCell, LocalPupil, PhotoValue } from '../../db/types';
import { onRegister } from './membership';
import { sessionsFor, type Session } from './model';
import { hereStates, type HereState } from './pupilHere';

export interface RegisterData {
  group: { id: string; name: string } | undefined;
  /** The pupils in the group on the register's date (their dated memberships decide). */
  pupils: LocalPupil[];
  /** Photos by pupil id, read once with the roster (a tap reads none). */
  photos: Map<string, PhotoValue>;
  cells: Map<string, LocalCell>;
  /** Stored codes by pupil id (null: unmarked). A new Map only when the data changed. */
  stored: Map<string, string | null>;
  here: Map<string, HereState>;
  /** This person is down to take this register (a TA's cover names its sessions). */
  allowed: boolean;
}

/** For the cold-start benchmark: the first time a register's data is in, once per page. */
let dataMarked = false;
function markFirstData() {
  if (dataMarked) return;
  dataMarked = true;
  performance.mark('register:data');
}

export function useRegisterData(db: RegisterDb, userId: string, groupId: string, date: string, session: Session): RegisterData | undefined {
  const roster = useLiveQuery(async () => {
    const [group, named, assignments] = await Promise.all([
      db.groups.get(groupId),
      // Every pupil whose record names the group (and, for rows stored before groupIds, its one groupId).
      db.pupils.where('groupIds').equals(groupId).or('groupId').equals(groupId).toArray(),
      db.assignments.where('staffId').equals(userId).toArray(),
    ]);
    const pupils = named.filter((p) => onRegister(p, groupId, date));
    const found = await db.photos.bulkGet(pupils.map((p) => p.id));
    const photos = new Map(found.filter((f): f is PhotoValue => f !== undefined).map((f) => [f.pupilId, f]));
    return { group, pupils, photos, allowed: sessionsFor(assignments, userId, groupId, date).includes(session) };
  }, [db, groupId, date, session, userId]);

  // The day's cells on this tablet (its people's classes only), read by date so that this query need not wait
  // for the roster: the three run at once when the screen opens.
  const dayCells = useLiveQuery(async () => (await db.cells.where('date').equals(date).toArray()).filter((c) => c.session === session), [db, date, session]);

  // Apart from the cells: a tap changes a cell, never a flag, so this is not read again after each tap.
  const here = useLiveQuery(() => hereStates(db, userId, date, session), [db, userId, date, session]);

  return useMemo(() => {
    if (!roster || !dayCells || !here) return undefined;
    markFirstData();
    const inGroup = new Set(roster.pupils.map((p) => p.id));
    const cells = new Map<string, LocalCell>();
    for (const c of dayCells) if (inGroup.has(c.pupilId)) cells.set(c.pupilId, c);
    const stored = new Map(roster.pupils.map((p) => [p.id, cells.get(p.id)?.code ?? null]));
    return { group: roster.group, pupils: roster.pupils, photos: roster.photos, allowed: roster.allowed, cells, stored, here };
  }, [roster, dayCells, here]);
}
