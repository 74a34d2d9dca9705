/**
 * One register as stored on this tablet: the group, its pupils, their cells, and this person's "pupil is here"
 * flags.
 *
 * Two live queries, so a tap does not re-read what a tap cannot change: the roster (group, pupils, this
 * person's assignments) is read when those tables change, which is only at a pull; the marks (cells and
 * "pupil is here" flags) after every write. Identities stay the same while the data does, so the screen's
 * memoised parts (the sorted rows, the names) are not rebuilt after each tap.
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { cellKey } from '../../db/keys';
import type { RegisterDb } from '../../db/schema';
import type { LocalCell, PupilValue } from '../../db/types';
import { sessionsFor, type Session } from './model';
import { hereStates, type HereState } from './pupilHere';

export interface RegisterData {
  group: { id: string; name: string } | undefined;
  pupils: PupilValue[];
  cells: Map<string, LocalCell>;
  /** Stored codes by pupil id (null: unmarked). A new Map only when the data changed. */
  stored: Map<string, string | null>;
  here: Map<string, HereState>;
  /** This person is down to take this register (a TA's cover names its sessions). */
  allowed: boolean;
}

export function useRegisterData(db: RegisterDb, userId: string, groupId: string, date: string, session: Session): RegisterData | undefined {
  const roster = useLiveQuery(async () => {
    const [group, pupils, assignments] = await Promise.all([
      db.groups.get(groupId),
      db.pupils.where('groupId').equals(groupId).toArray(),
      db.assignments.where('staffId').equals(userId).toArray(),
    ]);
    return { group, pupils, allowed: sessionsFor(assignments, userId, groupId, date).includes(session) };
  }, [db, groupId, date, session, userId]);

  const pupils = roster?.pupils;
  const marks = useLiveQuery(async () => {
    if (!pupils) return undefined;
    const [found, here] = await Promise.all([db.cells.bulkGet(pupils.map((p) => cellKey(p.id, date, session))), hereStates(db, userId, date, session)]);
    const cells = new Map<string, LocalCell>();
    found.forEach((c, i) => c && cells.set(pupils[i].id, c));
    return { cells, here, stored: new Map(pupils.map((p) => [p.id, cells.get(p.id)?.code ?? null])) };
  }, [db, pupils, date, session, userId]);

  return useMemo(() => {
    if (!roster || !marks) return undefined;
    return { group: roster.group, pupils: roster.pupils, allowed: roster.allowed, ...marks };
  }, [roster, marks]);
}
