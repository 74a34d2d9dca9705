/** One register as stored on this tablet: the group, its pupils, their cells, and this person's "pupil is here" flags. */
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
  return useLiveQuery(async () => {
    const [group, pupils, assignments, here] = await Promise.all([
      db.groups.get(groupId),
      db.pupils.where('groupId').equals(groupId).toArray(),
      db.assignments.where('staffId').equals(userId).toArray(),
      hereStates(db, userId, date, session),
    ]);
    const found = await db.cells.bulkGet(pupils.map((p) => cellKey(p.id, date, session)));
    const cells = new Map<string, LocalCell>();
    found.forEach((c, i) => c && cells.set(pupils[i].id, c));
    const stored = new Map(pupils.map((p) => [p.id, cells.get(p.id)?.code ?? null]));
    return { group, pupils, cells, stored, here, allowed: sessionsFor(assignments, userId, groupId, date).includes(session) };
  }, [db, groupId, date, session, userId]);
}
