/**
 * What the home screen lists: this person's registers on given dates (today, and the last few school days),
 * each with its progress and how many of its marks are still waiting to be sent. Read live from the device,
 * so a tap or a sync shows on the cards at once.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { cellKey } from '../../db/keys';
import type { RegisterDb } from '../../db/schema';
import type { LocalPupil, SchoolValue } from '../../db/types';
import { onRegister } from './membership';
import { countCodes, earlierSchoolDays, registersFor, type RegisterCounts, type TodayRegister } from './model';

export interface RegisterProgress extends TodayRegister {
  date: string;
  counts: RegisterCounts;
  /** This person's outbox entries for this register not yet answered by the server (the top bar counts the same way). */
  waiting: number;
}

export interface HomeData {
  today: RegisterProgress[];
  /** Newest first; days on which this person had no register are left out. */
  earlier: Array<{ date: string; registers: RegisterProgress[] }>;
}

export function useHomeData(db: RegisterDb, userId: string, today: string, school: SchoolValue | undefined, earlierDays = 5): HomeData | undefined {
  return useLiveQuery(async () => {
    const [assignments, groups, days, outbox] = await Promise.all([
      db.assignments.where('staffId').equals(userId).toArray(),
      db.groups.toArray(),
      db.days.toArray(),
      db.outbox
        .where('userId')
        .equals(userId)
        .toArray()
        .then((all) => all.filter((e) => e.status === 'pending')),
    ]);
    const waitingByCell = new Map<string, number>();
    // Marks and "pupil is here" flags name their cell; the top bar counts both as marks.
    for (const e of outbox) if (e.cellKey) waitingByCell.set(e.cellKey, (waitingByCell.get(e.cellKey) ?? 0) + 1);
    const pupilsByGroup = new Map<string, LocalPupil[]>();

    async function progress(date: string): Promise<RegisterProgress[]> {
      const list = registersFor(userId, date, assignments, groups, school);
      return Promise.all(
        list.map(async (r) => {
          let named = pupilsByGroup.get(r.groupId);
          if (!named) {
            named = await db.pupils.where('groupIds').equals(r.groupId).or('groupId').equals(r.groupId).toArray();
            pupilsByGroup.set(r.groupId, named);
          }
          // On this date's register only (a leaver's last day, a move from a date).
          const pupilIds = named.filter((p) => onRegister(p, r.groupId, date)).map((p) => p.id);
          const keys = pupilIds.map((id) => cellKey(id, date, r.session));
          const cells = await db.cells.bulkGet(keys);
          const waiting = keys.reduce((n, k) => n + (waitingByCell.get(k) ?? 0), 0);
          return { ...r, date, counts: countCodes(cells.map((c) => c?.code)), waiting };
        }),
      );
    }

    const earlier = await Promise.all(
      earlierSchoolDays(days, today, earlierDays).map(async (date) => ({ date, registers: await progress(date) })),
    );
    return { today: await progress(today), earlier: earlier.filter((d) => d.registers.length > 0) };
  }, [db, userId, today, school, earlierDays]);
}
