/**
 * The register's summary with its counts worked out from what every row shows, taps included: it re-renders
 * after each tap (the tap store tells it), while the register screen itself does not.
 */
import { presentSymbol } from '../../../domain/codes';
import { countCodes, type Session } from './model';
import { RegisterSummary } from './RegisterSummary';
import { useTapsVersion, type TapStore } from './tapStore';
import type { BulkMark } from './useMarking';

export interface SummaryRow {
  pupilId: string;
  /** The stored code, null when unmarked. */
  stored: string | null;
  /** Shown as present by "Mark all" while its Undo is offered. */
  held: boolean;
}

interface LiveSummaryProps {
  rows: SummaryRow[];
  taps: TapStore;
  session: Session;
  canMark: boolean;
  bulk: BulkMark | null;
  announcement: string;
  undoMs: number;
  /** Told the pupils still unmarked when the button is pressed. */
  onMarkAll: (unmarkedIds: string[]) => void;
  onUndo: () => void;
}

/** What a row shows: its tap, else "Mark all"'s present, else what is stored (PupilRow decides the same way). */
function shownCode(taps: TapStore, row: SummaryRow, session: Session): string | null {
  const tap = taps.shown(row.pupilId, row.stored);
  if (tap) return tap.code;
  return row.held ? presentSymbol(session) : row.stored;
}

export function LiveSummary({ rows, taps, session, onMarkAll, ...rest }: LiveSummaryProps) {
  useTapsVersion(taps);
  const counts = countCodes(rows.map((row) => shownCode(taps, row, session)));
  const markAll = () => onMarkAll(rows.filter((row) => shownCode(taps, row, session) === null).map((row) => row.pupilId));
  return <RegisterSummary counts={counts} onMarkAll={markAll} {...rest} />;
}
