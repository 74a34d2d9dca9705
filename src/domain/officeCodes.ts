/**
 * Which code the office may set in a register cell, and when changing a cell needs a typed reason.
 *
 * The office may set any current national code, including the teacher's marks (`/`, `\`, `N`) and lates
 * (`L`). Retired codes stay readable in old records but are never entered again, and two codes depend on the
 * pupil's age on the date of the session: `X` is only for a pupil NOT of compulsory school age, `C2` only for
 * one who is.
 *
 * A present mark must match the session (`/` in the morning, `\` in the afternoon). We refuse the wrong one
 * rather than quietly swapping it: the office types or picks a code deliberately, so a mismatch is more
 * likely a wrong session or a slip than a habit to be forgiven, and they should see it.
 */
import { findCode, isCurrentCode, presentSymbol, type Session } from './codes';
import { parseDate } from './calendarDate';
import { isCompulsorySchoolAge } from './schoolAge';

export type OfficeCodeProblem =
  | 'unknown_code'
  | 'retired_code'
  | 'not_compulsory_age_for_C2'
  | 'compulsory_age_for_X'
  | 'wrong_present_symbol';

export type OfficeCodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: OfficeCodeProblem; message: string };

/** What to use instead of each code retired on 19 August 2024. */
const RETIRED_CODE_ADVICE: Readonly<Record<string, string>> = Object.freeze({
  H: 'Use C for leave the school has agreed, including a holiday it has granted, or G for a holiday it has not agreed.',
  J: 'Use J1 for an interview.',
  Y: 'Use Y1 to Y7 for the reason the pupil could not attend, or Q when access arrangements were not made.',
  F: 'Use G for a holiday the school has not agreed.',
});

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "3 October 2024": the way a date is written in a sentence for the office. */
function dateInWords(date: string): string {
  const { year, month, day } = parseDate(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function refuse(reason: OfficeCodeProblem, message: string): OfficeCodeCheck {
  return { ok: false, reason, message };
}

function unknownCodeMessage(code: string): string {
  // Codes are case-sensitive symbols, but "m" for "M" is an easy slip worth naming.
  const trimmed = code.trim();
  const meant = [trimmed, trimmed.toUpperCase()].find((c) => c !== code && isCurrentCode(c));
  if (meant) return `"${code}" is not a national attendance code. Did you mean ${meant}?`;
  return `"${code}" is not a national attendance code. Choose a code from the list.`;
}

export function checkOfficeCode(p: { code: string; dateOfBirth: string; date: string; session: Session }): OfficeCodeCheck {
  const { code, dateOfBirth, date, session } = p;
  const found = findCode(code);
  if (!found) return refuse('unknown_code', unknownCodeMessage(code));
  if (found.retired) {
    return refuse('retired_code', `${code} is an old code that was retired in August 2024. ${RETIRED_CODE_ADVICE[code]}`);
  }

  if (found.class === 'present' && code !== 'L' && code !== presentSymbol(session)) {
    const [sessionWord, otherWord] = session === 'AM' ? ['morning', 'afternoon'] : ['afternoon', 'morning'];
    return refuse(
      'wrong_present_symbol',
      `Present in the ${sessionWord} is written ${presentSymbol(session)}. ${code} is the ${otherWord} mark.`,
    );
  }

  if (code === 'X' && isCompulsorySchoolAge(dateOfBirth, date)) {
    return refuse(
      'compulsory_age_for_X',
      `X is only for a pupil who is not of compulsory school age. This pupil is of compulsory school age on ` +
        `${dateInWords(date)}, so record the reason they were absent instead (C2 if they are on an agreed part-time timetable).`,
    );
  }
  if (code === 'C2' && !isCompulsorySchoolAge(dateOfBirth, date)) {
    return refuse(
      'not_compulsory_age_for_C2',
      `C2 (part-time timetable) is only for a pupil of compulsory school age. This pupil is not of compulsory ` +
        `school age on ${dateInWords(date)}, so use X if they were not required to attend that session.`,
    );
  }
  return { ok: true, code };
}

/**
 * Whether the office must type a reason when it changes a cell from `oldCode` to `newCode`.
 *
 * Filling an empty cell or resolving an `N` is the office's ordinary work: the new code is the reason (`N`
 * only ever waits for one). Replacing any other code, a teacher's present mark (`/`, `\`) included, amends
 * what someone witnessed or decided, so the amendment record must say why (DOMAIN.md §5): a late desk entry
 * over a present mark says, for example, when the pupil signed the late book. Setting the code a cell
 * already has changes nothing, so it needs no reason either.
 */
export function officeReplacementNeedsReason(oldCode: string | null, newCode: string): boolean {
  if (oldCode === null || oldCode === newCode) return false;
  return oldCode !== 'N';
}

/** Whether a code is a present mark (`/`, `\`): what a teacher records when they see the pupil. */
export const isPresentMark = (code: string | null): boolean => code === '/' || code === '\\';

/** What to tell the office when a change needs a reason and has none (the server's and the screens' words). */
export function reasonRequiredMessage(oldCode: string, newCode: string): string {
  return isPresentMark(oldCode)
    ? `This cell has a present mark (${oldCode}): replacing it amends what was recorded when the pupil was seen. Say why it is changing to ${newCode}.`
    : `This cell already has ${oldCode}, set by the office. Say why it is changing to ${newCode}.`;
}

/**
 * Codes a planned absence cannot hold, each with why: a plan is entered before the session, so it holds only
 * what can be known in advance (DOMAIN.md §2-4). Present marks and lates (`/`, `\`, `L`, `U`) are recorded
 * when the pupil is seen or arrives; `N` means no reason is known yet, and a plan always has one; `Y4` is a
 * closure nobody expected (a planned one is `#`); `Z` comes from the pupil's enrolment, not from a code.
 */
const NOT_PLANNABLE: Readonly<Record<string, string>> = Object.freeze({
  '/': 'A present mark is recorded when the pupil is seen, not planned ahead.',
  '\\': 'A present mark is recorded when the pupil is seen, not planned ahead.',
  L: 'A late is recorded when the pupil arrives (at the late desk), not planned ahead.',
  U: 'A late is recorded when the pupil arrives (at the late desk), not planned ahead.',
  N: 'N means no reason is known yet; a planned absence has a reason, so choose the code for it.',
  Y4: 'Y4 is for a closure nobody expected. A closure planned ahead is #.',
  Z: 'Z (not yet on roll) follows from the pupil’s enrolment dates, not from a planned absence.',
});

/** The codes the planned-absence form does not offer. */
export const NOT_PLANNABLE_CODES: readonly string[] = Object.freeze(Object.keys(NOT_PLANNABLE));

/** Why `code` cannot be entered as a planned absence, or null when it can. */
export function plannedCodeProblem(code: string): string | null {
  const why = NOT_PLANNABLE[code];
  return why ? `${code} cannot be planned ahead. ${why}` : null;
}
