/**
 * The query string of the attendance figures and their patterns (issue 11): every parameter optional, an empty
 * one the same as leaving it out, unknown ones refused; and the range it names, checked against the school's
 * today (docs/office-api.md).
 */
import { z } from 'zod';
import { academicYearStart, daysBetween } from '../../domain/time.js';
import { isoDateSchema } from '../../protocol/index.js';
import { badRequest } from '../routes/officeQuery.js';

/** Like a pupil's page: up to about ten years. */
const MAX_RANGE_DAYS = 3660;

/** A query-string yes/no: `true` or `false`, nothing else, so a typo is refused rather than ignored. */
const yesNo = z.enum(['true', 'false'], { message: 'use true or false' }).transform((v) => v === 'true');

export const attendanceQuerySchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    groupId: z.string().min(1).max(64).optional(),
    yearGroup: z.string().regex(/^-?\d{1,2}$/, 'a whole number, -1 (nursery) to 14').transform(Number)
      .pipe(z.number().int().min(-1).max(14)).optional(),
    send: z.enum(['none', 'K', 'E'], { message: 'use none, K (SEN support) or E (EHC plan)' }).optional(),
    fsm: yesNo.optional(),
    eal: yesNo.optional(),
    lookedAfter: yesNo.optional(),
    gender: z.enum(['F', 'M', 'X'], { message: 'use F, M or X' }).optional(),
  })
  .strict();
export type ParsedAttendanceQuery = z.infer<typeof attendanceQuerySchema>;

export function parseAttendanceQuery(query: unknown): ParsedAttendanceQuery {
  const given = typeof query === 'object' && query !== null ? Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')) : query;
  return attendanceQuerySchema.parse(given);
}

/** The range asked for, and the last day whose sessions have happened (`countUntil`: today at the latest). */
export interface FiguresRange {
  from: string;
  to: string;
  countUntil: string;
}

export function figuresRange(q: ParsedAttendanceQuery, today: string): FiguresRange {
  const from = q.from ?? academicYearStart(today);
  const to = q.to ?? today;
  if (to < from) throw badRequest(`The range ends (${to}) before it starts (${from}).`);
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw badRequest('The range is too long: ten years at most.', 'range_too_long');
  // Sessions after today have not happened: codes entered ahead (a planned absence) wait for their day.
  return { from, to, countUntil: to < today ? to : today };
}
