/**
 * What the office's mutations (issue 4) share: the role check, readable argument errors, combining the
 * effects of several cells into one mutation's effects, and setting one code on many cells through
 * setOfficeCode, all or nothing.
 */
import type { ZodError } from 'zod';
import { ErrorCodes } from '../../protocol/index.js';
import { checkOfficeCode } from '../../domain/officeCodes.js';
import { isCurrentCode, type Session } from '../../domain/codes.js';
import { cellKeyString, type CellKey } from '../repositories/registerRepository.js';
import { setOfficeCode } from './codeSet.js';
import { applied, rejected, type Effects, type MutationContext, type MutationOutcome } from './mutationTypes.js';

export const OFFICE_ROLES = new Set(['office', 'admin']);
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A mutation that sets codes may change at most this many cells; more is refused (`too_many_cells`). */
export const MAX_CHANGED_CELLS = 5000;
/**
 * And may look at at most this many (pupil, date, session) cells to find them: a request whose roll alone is
 * bigger than this is refused before anything is loaded.
 */
export const MAX_EXAMINED_CELLS = 20000;

export function officeOnly(ctx: MutationContext, what: string): MutationOutcome | null {
  return OFFICE_ROLES.has(ctx.user.role) ? null : rejected(ErrorCodes.roleNotAllowed, `Only the office can ${what}.`);
}

export function invalidArgs(error: ZodError, what: string): MutationOutcome {
  const fields = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ');
  return rejected(ErrorCodes.invalidArgs, `${what} is not in a form the server understands: ${fields}.`);
}

/** Refuses a code that is not a current national code, before looking at any cell. */
export function checkCodeExists(code: string): MutationOutcome | null {
  if (isCurrentCode(code)) return null;
  // Unknown and retired codes are refused before the age and session checks, so any pupil and date will do.
  const check = checkOfficeCode({ code, dateOfBirth: '2000-01-01', date: '2000-01-01', session: 'AM' });
  return check.ok ? null : rejected(check.reason, check.message);
}

export function tooManyCells(count: number, examined = false): MutationOutcome {
  return rejected(
    'too_many_cells',
    examined
      ? `This would look at up to ${count.toLocaleString('en-GB')} register entries; the most one change can cover is ${MAX_CHANGED_CELLS.toLocaleString('en-GB')}. Split it into smaller date ranges or groups.`
      : `This would change ${count.toLocaleString('en-GB')} register entries; the most one change can make is ${MAX_CHANGED_CELLS.toLocaleString('en-GB')}. Split it into smaller date ranges or groups.`,
  );
}

/**
 * Joins the effects of several cells into one mutation's. A cell named twice keeps its last state (callers
 * avoid that by naming each cell once, since setOfficeCode reads the cell as the push last left it).
 */
export function combineEffects(parts: Effects[]): Effects {
  const cells = new Map<string, NonNullable<Effects['cells']>[number]>();
  const combined: Required<Effects> = { events: [], cells: [], conflicts: [], statements: [] };
  for (const part of parts) {
    combined.events.push(...(part.events ?? []));
    for (const c of part.cells ?? []) cells.set(cellKeyString(c.key), c);
    combined.conflicts.push(...(part.conflicts ?? []));
    combined.statements.push(...(part.statements ?? []));
  }
  combined.cells = [...cells.values()];
  return combined;
}

export interface CodeTarget extends CellKey {
  /** How to name the pupil if this cell is refused. */
  pupilName: string;
}

const SESSION_WORD: Record<Session, string> = { AM: 'morning', PM: 'afternoon' };

/**
 * Sets `code` on every target cell through setOfficeCode (the same checks as code.set, one event per cell,
 * each with the reason). All or nothing: the first cell refused refuses the whole mutation, naming it.
 * Each cell must appear once.
 */
export async function setCodeOnCells(ctx: MutationContext, targets: CodeTarget[], code: string, reason: string | null): Promise<MutationOutcome> {
  const parts: Effects[] = [];
  // setOfficeCode names an event by version, seq and the first 8 characters of a new id. One mutation that
  // sets thousands of cells shares the version and seq, and 8 random hex characters would collide now and
  // then (about 1 in 350 for 5,000 cells), so here those 8 characters count the cells: unique by design.
  let counter = 0;
  const cellCtx: MutationContext = { ...ctx, newId: () => `${(counter++).toString(16).padStart(8, '0')}${ctx.newId()}` };
  for (const t of targets) {
    const outcome = await setOfficeCode(cellCtx, { pupilId: t.pupilId, date: t.date, session: t.session, code, ...(reason ? { reason } : {}) });
    if (outcome.status === 'rejected') {
      const cell = `${t.date} ${SESSION_WORD[t.session]}`;
      const where = t.pupilName ? `${t.pupilName}, ${cell}: ` : targets.length > 1 ? `${cell}: ` : '';
      return rejected(outcome.code, `${where}${outcome.message}`);
    }
    parts.push(outcome.effects);
  }
  return applied(combineEffects(parts));
}

export const displayName = (p: { firstName: string; lastName: string; preferredName: string | null }) =>
  `${p.preferredName ?? p.firstName} ${p.lastName}`;
