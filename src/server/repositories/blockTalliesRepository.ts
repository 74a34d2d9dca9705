/**
 * register_block_tallies (migration 015): register_week_tallies summed over fixed four-week blocks and by
 * statistical class, one row per pupil and block. The attendance figures read the middle of a long range from
 * here and only the weeks at its ends from the weekly tallies: a secondary school's year is about 18,000 block
 * rows against 130,000 weekly ones, and summing rows is what a PGlite read spends its time on.
 *
 * The blocks are always summed from the weekly tallies, in the transaction that brings those up to date
 * (weekTalliesRepository.refreshWeekTallies), so both count the cells up to the same `built_version` and a
 * read's corrections for cells written since (countCells.ts) apply to either alike.
 */
import { ATTENDANCE_CODES, type CodeClass } from '../../domain/codes.js';
import { addDays } from '../../domain/calendarDate.js';
import type { Queryable } from '../db/database.js';
import type { PupilWeek } from './weekTalliesRepository.js';
import type { ClassTally } from '../figures/classTally.js';

/** Four weeks, counted from Monday 1 January 1900, so every school's blocks start on the same Mondays. */
const BLOCK_DAYS = 28;
const EPOCH_MONDAY = '1900-01-01';

/** The Monday starting the block of the week of `monday` (in SQL, of a date column or parameter). */
const blockOfSql = (week: string) => `(${week} - ((((${week} - DATE '${EPOCH_MONDAY}') % ${BLOCK_DAYS}) + ${BLOCK_DAYS}) % ${BLOCK_DAYS}))`;

function daysSinceEpoch(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${EPOCH_MONDAY}T00:00:00Z`)) / 86_400_000);
}

/** The Monday starting the block that holds `monday`'s week. */
export function blockStartOf(monday: string): string {
  const offset = ((daysSinceEpoch(monday) % BLOCK_DAYS) + BLOCK_DAYS) % BLOCK_DAYS;
  return addDays(monday, -offset);
}

/**
 * The blocks lying wholly inside the whole weeks from `firstWeek` to `lastWeek` (Mondays), as the first and
 * last block's Mondays, or null when no block fits. The weeks outside them are read week by week.
 */
export function blocksWithin(firstWeek: string, lastWeek: string): { fromBlock: string; toBlock: string } | null {
  if (firstWeek > lastWeek) return null;
  const start = blockStartOf(firstWeek);
  const fromBlock = start === firstWeek ? start : addDays(start, BLOCK_DAYS);
  const lastStart = blockStartOf(lastWeek);
  const toBlock = addDays(lastStart, BLOCK_DAYS - 7) === lastWeek ? lastStart : addDays(lastStart, -BLOCK_DAYS);
  return fromBlock <= toBlock ? { fromBlock, toBlock } : null;
}

const CLASS_NUMBER: Partial<Record<CodeClass, number>> = { present: 1, aea: 2, authorised: 3, unauthorised: 4 };
/** Each known code and its class as a number (0: a mark that is not a possible session); unknown codes have none. */
const CODE_CLASSES = ATTENDANCE_CODES.map((c) => ({ code: c.code, cls: CLASS_NUMBER[c.class] ?? 0 }));
/** The code table the blocks were summed with: when a release changes it, the blocks are summed again. */
export const BLOCK_CLASSES = CODE_CLASSES.map((c) => `${c.code}:${c.cls}`).join(' ');

/** Sums by class of a row set `t(pupil_id, code, n)` joined to the code table as `m(code, cls)`. */
const CLASS_SUMS = `coalesce(sum(t.n) FILTER (WHERE m.cls = 1), 0)::int AS present, coalesce(sum(t.n) FILTER (WHERE m.cls = 2), 0)::int AS aea,
  coalesce(sum(t.n) FILTER (WHERE m.cls = 3), 0)::int AS authorised, coalesce(sum(t.n) FILTER (WHERE m.cls = 4), 0)::int AS unauthorised,
  coalesce(sum(t.n) FILTER (WHERE m.cls IS NULL), 0)::int AS unrecognised, coalesce(sum(t.n), 0)::int AS marked`;
/** The code table as a relation, from two array parameters numbered `first` and `first + 1`. */
const codeTable = (first: number) => `unnest($${first}::text[], $${first + 1}::int[]) AS m(code, cls)`;
const codeParams = () => [CODE_CLASSES.map((c) => c.code), CODE_CLASSES.map((c) => c.cls)];
const BLOCK_COLUMNS = 'school_id, pupil_id, block, present, aea, authorised, unauthorised, unrecognised, marked';

/** Sums every block of the school again from its weekly tallies. */
export async function rebuildBlocks(tx: Queryable, schoolId: string): Promise<void> {
  await tx.query('DELETE FROM register_block_tallies WHERE school_id = $1', [schoolId]);
  await tx.query(
    `INSERT INTO register_block_tallies (${BLOCK_COLUMNS})
     SELECT $1, t.pupil_id, t.block, ${CLASS_SUMS}
       FROM (SELECT pupil_id, ${blockOfSql('week')} AS block, code, sessions AS n FROM register_week_tallies WHERE school_id = $1) t
       LEFT JOIN ${codeTable(2)} ON m.code = t.code
      GROUP BY t.pupil_id, t.block`,
    [schoolId, ...codeParams()],
  );
  await tx.query('UPDATE register_week_tallies_state SET block_classes = $2 WHERE school_id = $1', [schoolId, BLOCK_CLASSES]);
  // PGlite never gathers statistics on its own (see refreshWeekTallies).
  await tx.query('ANALYZE register_block_tallies');
}

/** Sums again the blocks holding these pupil-weeks, whose weekly tallies have just been counted again. */
export async function recountBlocks(tx: Queryable, schoolId: string, changed: readonly PupilWeek[]): Promise<void> {
  const blocks = new Map<string, { pupilId: string; block: string }>();
  for (const c of changed) {
    const block = blockStartOf(c.week);
    blocks.set(`${c.pupilId} ${block}`, { pupilId: c.pupilId, block });
  }
  if (blocks.size === 0) return;
  const pairs = [schoolId, [...blocks.values()].map((b) => b.pupilId), [...blocks.values()].map((b) => b.block)];
  const PAIRS = 'unnest($2::text[], $3::date[]) AS p(pupil_id, block)';
  await tx.query(`DELETE FROM register_block_tallies b USING ${PAIRS} WHERE b.school_id = $1 AND b.pupil_id = p.pupil_id AND b.block = p.block`, pairs);
  await tx.query(
    `INSERT INTO register_block_tallies (${BLOCK_COLUMNS})
     SELECT $1, t.pupil_id, t.block, ${CLASS_SUMS}
       FROM (SELECT w.pupil_id, p.block, w.code, w.sessions AS n
               FROM ${PAIRS} JOIN register_week_tallies w ON w.school_id = $1 AND w.pupil_id = p.pupil_id AND w.week >= p.block AND w.week < p.block + ${BLOCK_DAYS}) t
       LEFT JOIN ${codeTable(4)} ON m.code = t.code
      GROUP BY t.pupil_id, t.block`,
    [...pairs, ...codeParams()],
  );
}

/** A pupil's tallies by statistical class, as the figures add them up (figures/classTally.ts). */
export type PupilClassRow = ClassTally & { pupilId: string };

const DAY_COLUMNS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The SQL sum of the day columns of `days` (0 = Monday): the tallies of part of a week. Column names only. */
function daysSql(days: readonly number[]): string {
  if (days.length === 7) return 'sessions';
  if (days.length === 0) return '0';
  return days.map((d) => DAY_COLUMNS[d]).join(' + ');
}

/**
 * Every pupil's tallies from the week of `fromWeek` to the week of `toWeek` summed by statistical class: one
 * row per pupil. In the first week only the days `firstDays` count (0 = Monday), and in the last `lastDays`
 * (when the two weeks are one, `firstDays`), so a range that starts or ends mid-week needs no cells. The
 * whole blocks between are read from the block tallies, every other week from the weekly ones.
 */
export async function classTalliesByPupil(
  tx: Queryable, schoolId: string, weeks: { fromWeek: string; toWeek: string; firstDays: readonly number[]; lastDays: readonly number[] },
): Promise<PupilClassRow[]> {
  const firstWhole = weeks.firstDays.length === 7 ? weeks.fromWeek : addDays(weeks.fromWeek, 7);
  const lastWhole = weeks.lastDays.length === 7 && weeks.toWeek !== weeks.fromWeek ? weeks.toWeek : addDays(weeks.toWeek, -7);
  const blocks = blocksWithin(firstWhole, lastWhole);
  const { rows } = await tx.query<PupilClassRow>(
    `SELECT x.pupil_id AS "pupilId", sum(x.present)::int AS present, sum(x.aea)::int AS aea, sum(x.authorised)::int AS authorised,
            sum(x.unauthorised)::int AS unauthorised, sum(x.unrecognised)::int AS unrecognised, sum(x.marked)::int AS marked
       FROM (SELECT pupil_id, present, aea, authorised, unauthorised, unrecognised, marked
               FROM register_block_tallies WHERE school_id = $1 AND block >= $4::date AND block <= $5::date
             UNION ALL
             SELECT t.pupil_id, ${CLASS_SUMS}
               FROM (SELECT pupil_id, code,
                            CASE WHEN week = $2::date THEN ${daysSql(weeks.firstDays)} WHEN week = $3::date THEN ${daysSql(weeks.lastDays)} ELSE sessions END AS n
                       FROM register_week_tallies
                      WHERE school_id = $1 AND week >= $2::date AND week <= $3::date AND ($4::date IS NULL OR week < $4::date OR week >= $5::date + ${BLOCK_DAYS})) t
               LEFT JOIN ${codeTable(6)} ON m.code = t.code
              GROUP BY t.pupil_id) x
      GROUP BY x.pupil_id`,
    [schoolId, weeks.fromWeek, weeks.toWeek, blocks?.fromBlock ?? null, blocks?.toBlock ?? null, ...codeParams()],
  );
  return rows;
}
