/**
 * Every pupil's statutory alerts in a range (issue 11): the cells with an alert code of the pupils who could
 * meet a threshold (alertCandidates.ts), read in one snapshot, and the rules of pupilAlerts.ts over them.
 */
import { addDays } from '../../domain/calendarDate.js';
import { compareCells, type RegisterCell } from '../../domain/registerCells.js';
import { schoolDayCalendar } from '../../domain/schoolDays.js';
import type { Database, Queryable } from '../db/database.js';
import { alertCells, latesInWeekSetting, schoolDaysBetween, withoutJit } from '../repositories/alertsRepository.js';
import { refreshWeekTallies } from '../repositories/weekTalliesRepository.js';
import { alertCandidatePupils, type CandidateRange } from './alertCandidates.js';
import { lookbackStart, pupilAlerts, runReachesBack, type AlertOccurrence } from './pupilAlerts.js';

/** The calendar is read this far either side of the range: back for the windows and runs, on for a window's end. */
const CALENDAR_BACK_DAYS = 800;
const CALENDAR_ON_DAYS = 200;

export interface FoundAlerts {
  found: Array<AlertOccurrence & { pupilId: string }>;
  /** How many pupils' cells were read (null: every pupil's). */
  candidates: number | null;
}

/**
 * `everyPupil` reads every pupil's cells, as before the tallies were used: only the tests ask for it, to check
 * that the candidates miss nobody.
 */
export async function findAlerts(db: Database, schoolId: string, from: string, to: string, options: { everyPupil?: boolean } = {}): Promise<FoundAlerts> {
  await refreshWeekTallies(db, schoolId);
  return db.transaction(async (tx) => {
    await withoutJit(tx);
    const range = await readRange(tx, schoolId, from, to);
    const { loadFrom, firstDay, isSchoolDay, latesInWeek } = range;
    const candidates = options.everyPupil ? null : await alertCandidatePupils(tx, schoolId, range);
    const byPupil = sortedCells(await alertCells(tx, schoolId, loadFrom, to, candidates ? [...candidates] : undefined));

    // A run of absence or illness that starts on the first school day read may have started earlier: read
    // those few pupils' cells further back, so the run's first day (its key) is the real one.
    const reachBack = [...byPupil]
      .filter(([, cells]) => cells[0].date === firstDay && runReachesBack(cells, firstDay, isSchoolDay))
      .map(([id]) => id);
    if (reachBack.length > 0) {
      const earlier = sortedCells(await alertCells(tx, schoolId, addDays(from, -CALENDAR_BACK_DAYS), addDays(loadFrom, -1), reachBack));
      for (const [id, cells] of earlier) byPupil.set(id, [...cells, ...byPupil.get(id)!]);
    }

    const found: FoundAlerts['found'] = [];
    for (const [pupilId, cells] of byPupil) {
      for (const alert of pupilAlerts(cells, { from, to, isSchoolDay, latesInWeek })) found.push({ ...alert, pupilId });
    }
    return { found, candidates: candidates?.size ?? null };
  }, { repeatableRead: true });
}

/** The calendar around the range, the cells' read range and the school's lateness setting. */
export async function readRange(tx: Queryable, schoolId: string, from: string, to: string): Promise<CandidateRange> {
  const [schoolDays, latesInWeek] = await Promise.all([
    schoolDaysBetween(tx, schoolId, addDays(from, -CALENDAR_BACK_DAYS), addDays(to, CALENDAR_ON_DAYS)),
    latesInWeekSetting(tx, schoolId),
  ]);
  const isSchoolDay = schoolDayCalendar(schoolDays.map((date) => ({ date, isSchoolDay: true })));
  const loadFrom = lookbackStart(from, isSchoolDay);
  const firstDay = schoolDays.find((d) => d >= loadFrom) ?? loadFrom;
  return { loadFrom, to, firstDay, schoolDays, isSchoolDay, latesInWeek };
}

/** Each pupil's cells in date and session order. */
function sortedCells(byPupil: Map<string, RegisterCell[]>): Map<string, RegisterCell[]> {
  for (const cells of byPupil.values()) cells.sort(compareCells);
  return byPupil;
}
