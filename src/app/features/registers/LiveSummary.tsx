/**
 * The register's summary with its counts worked out from what every row shows, taps included: it re-renders
 * after each tap (the tap store tells it), while the register screen itself does not.
 */
import { presentSymbol } from '../../../domain/codes';
import { countCodes, type Session } from './model';
import { RegisterSummary, type ClosingNote } from './RegisterSummary';
import { codeShown, useTapsVersion, type TapStore } from './tapStore';
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
  closing?: ClosingNote | null;
  canMark: boolean;
  bulk: BulkMark | null;
  announcement: string;
  undoMs: number;
  /** Told the pupils still unmarked when the button is pressed. */
  onMarkAll: (unmarkedIds: string[]) => void;
  onUndo: () => void;
}

const shownCode = (taps: TapStore, row: SummaryRow, session: Session) =>
  codeShown(taps.shown(row.pupilId, row.stored), row.held, row.stored, presentSymbol(session));

export function LiveSummary({ rows, taps, session, onMarkAll, ...rest }: LiveSummaryProps) {
  useTapsVersion(taps);
  const counts = countCodes(rows.map((row) => shownCode(taps, row, session)));
  const markAll = () => onMarkAll(rows.filter((row) => shownCode(taps, row, session) === null).map((row) => row.pupilId));
  return <RegisterSummary counts={counts} onMarkAll={markAll} {...rest} />;
}
