/** Today as the school sees it: the school-local date of the corrected clock, in the school's time zone. */
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_TIME_ZONE, isoWeekday, localDateOf } from '../../../domain/time';
import type { RegisterDb } from '../../db/schema';
import type { DayValue, SchoolValue, SignedInUser } from '../../db/types';

export interface SchoolDay {
  school: SchoolValue | undefined;
  timeZone: string;
  today: string;
  /** The calendar row for today, if the server has sent it. */
  day: DayValue | undefined;
  /** From the calendar; without it, Monday to Friday. */
  isSchoolDay: boolean;
  loaded: boolean;
}

export function useSchoolDay(db: RegisterDb, user: SignedInUser, now: number): SchoolDay {
  const school = useLiveQuery(() => db.school.toCollection().first(), [db]);
  const timeZone = school?.timeZone || user.timeZone || DEFAULT_TIME_ZONE;
  const today = localDateOf(now, timeZone);
  const day = useLiveQuery(async () => ({ row: await db.days.get(today) }), [db, today]);
  return {
    school,
    timeZone,
    today,
    day: day?.row,
    isSchoolDay: day?.row ? day.row.isSchoolDay : isoWeekday(today) <= 5,
    loaded: day !== undefined,
  };
}
