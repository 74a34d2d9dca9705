/**
 * The register's sticky summary: when today's register closes (and, after that, that marks are still recorded
 * and the office is told), present / absent / not marked, always in view, with "Mark all unmarked present"
 * and its Undo. Keyboard users keep their place: the mark-all button hands focus to Undo, and Undo hands it back.
 */
import { useCallback, useEffect, useRef } from 'react';
import { localTimeOf } from '../../../domain/time';
import type { RegisterCounts } from './model';
import { UNDO_ATTR, type BulkMark } from './useMarking';
import { useStickyTop } from './useStickyTop';

/** When today's register closes, in the school's time; after it, marks are still taken and the office is told. */
export interface ClosingNote {
  closed: boolean;
  text: string;
}

export function closingNote(closesAt: number, now: number, timeZone: string): ClosingNote {
  const time = localTimeOf(closesAt, timeZone);
  return now < closesAt
    ? { closed: false, text: `Register closes at ${time}.` }
    : { closed: true, text: `Closed at ${time}: marks are still recorded, the office is told.` };
}

interface RegisterSummaryProps {
  counts: RegisterCounts;
  /** Today's register only: when it closes, or that it has closed. */
  closing?: ClosingNote | null;
  /** False for a register that cannot be taken now: no actions, counts only. */
  canMark: boolean;
  bulk: BulkMark | null;
  announcement: string;
  undoMs: number;
  onMarkAll: () => void;
  onUndo: () => void;
}

export function RegisterSummary({ counts, closing = null, canMark, bulk, announcement, undoMs, onMarkAll, onUndo }: RegisterSummaryProps) {
  const stickyRef = useStickyTop();
  const markAllRef = useRef<HTMLButtonElement>(null);
  const undoEl = useRef<HTMLButtonElement | null>(null);
  const undoHadFocus = useRef(false);

  // React detaches the ref before it removes the button, so focus can still be read here.
  const undoRef = useCallback((el: HTMLButtonElement | null) => {
    if (!el && undoEl.current && document.activeElement === undoEl.current) undoHadFocus.current = true;
    undoEl.current = el;
  }, []);

  useEffect(() => {
    if (bulk && document.activeElement === markAllRef.current) undoEl.current?.focus();
    if (!bulk && undoHadFocus.current) {
      undoHadFocus.current = false;
      markAllRef.current?.focus();
    }
  }, [bulk]);

  const nothingToMark = counts.unmarked === 0;
  return (
    <div className="register-summary" ref={stickyRef}>
      {closing && <p className={closing.closed ? 'register-closing closed' : 'register-closing'}>{closing.text}</p>}
      <p className="counts" aria-live="polite">
        <span>Present: {counts.present}</span> <span>Absent: {counts.absent}</span> <span>Not marked: {counts.unmarked}</span>
      </p>
      {canMark && (
        <div className="summary-actions">
          <button
            type="button"
            className="button secondary mark-all"
            ref={markAllRef}
            aria-disabled={nothingToMark}
            onClick={() => {
              if (!nothingToMark) onMarkAll();
            }}
          >
            Mark all unmarked present
          </button>
          {bulk && (
            <span className="undo-offer">
              <button type="button" className="button primary undo" ref={undoRef} onClick={onUndo} {...{ [UNDO_ATTR]: '' }}>
                Undo
              </button>
              <span key={bulk.token} className="undo-timer" style={{ animationDuration: `${undoMs}ms` }} aria-hidden="true" />
            </span>
          )}
        </div>
      )}
      <p className="summary-message" role="status">
        {announcement}
      </p>
    </div>
  );
}
