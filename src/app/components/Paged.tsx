/**
 * Long lists drawn a page at a time on screen, and drawn whole on paper (issue 11: a secondary school's
 * 1,500 pupils must not make the office's screens slow).
 *
 * - usePaging: how many of a list's items are drawn; a page more, or all, on request; back to the first page
 *   when `resetKey` changes (the set of items changed: another filter, other dates), not when they are only
 *   sorted again.
 * - usePrintAll: true while the page is being printed, whichever way printing started (the screen's own Print
 *   button through `print()`, or the browser's menu or Ctrl+P through the `beforeprint` event), so a printed
 *   list never stops at the page shown; false again after printing (`afterprint`).
 * - ShowMore: "Showing 100 of 450 pupils." with "Show 100 more" and "Show all 450"; once all are drawn,
 *   "Showing all 450 pupils." with "Show the first 100 only". Keyboard focus stays on the line's buttons.
 *   Not printed.
 *
 * Sorting and filtering are the caller's, on the whole list, before `slice(0, shown)`: paging never changes
 * which items come first.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

export interface Paging {
  /** How many items to draw (at most the list's length). */
  shown: number;
  more: () => void;
  all: () => void;
  first: () => void;
}

export function usePaging(total: number, pageSize: number, resetKey: string = ''): Paging {
  const [state, setState] = useState({ key: resetKey, shown: pageSize });
  // Another set of items: back to the first page, and stay there if the first set comes back.
  if (state.key !== resetKey) setState({ key: resetKey, shown: pageSize });
  const wanted = state.key === resetKey ? state.shown : pageSize;
  const shown = Math.min(total, wanted);
  return {
    shown,
    more: () => setState({ key: resetKey, shown: Math.min(total, wanted + pageSize) }),
    all: () => setState({ key: resetKey, shown: total }),
    first: () => setState({ key: resetKey, shown: pageSize }),
  };
}

/**
 * Whether every item should be drawn for printing now, and `print()` to draw them all and print (`prepare`
 * runs in the same synchronous render, e.g. to say what is being printed). `onAfter` runs when printing ends.
 */
export function usePrintAll(onAfter?: () => void): { printingAll: boolean; print: (prepare?: () => void) => void } {
  const [printingAll, setPrintingAll] = useState(false);
  const after = useRef(onAfter);
  after.current = onAfter;
  useEffect(() => {
    // flushSync: the browser lays the page out for print as soon as the event returns, so draw everything now.
    const before = () => flushSync(() => setPrintingAll(true));
    const done = () => {
      setPrintingAll(false);
      after.current?.();
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', done);
    };
  }, []);
  const print = useCallback((prepare?: () => void) => {
    flushSync(() => {
      prepare?.();
      setPrintingAll(true);
    });
    window.print();
  }, []);
  return { printingAll, print };
}

/** The line under a paged list; nothing when the whole list fits in one page. */
export function ShowMore({ paging, total, pageSize, noun }: { paging: Paging; total: number; pageSize: number; noun: string }) {
  const line = useRef<HTMLParagraphElement>(null);
  const clicked = useRef(false);
  const { shown } = paging;
  useEffect(() => {
    // The button pressed may have gone ("Show all"): keep focus on this line rather than lose it to the page.
    if (!clicked.current) return;
    clicked.current = false;
    if (line.current && !line.current.contains(document.activeElement)) line.current.querySelector('button')?.focus();
  }, [shown]);
  if (total <= pageSize) return null;
  const press = (f: () => void) => () => {
    clicked.current = true;
    f();
  };
  const next = Math.min(pageSize, total - shown);
  return (
    <p className="show-more no-print" ref={line}>
      {shown >= total ? (
        <>
          Showing all {total} {noun}.{' '}
          <button type="button" className="button secondary small" onClick={press(paging.first)}>
            Show the first {pageSize} only
          </button>
        </>
      ) : (
        <>
          Showing {shown} of {total} {noun}.{' '}
          <button type="button" className="button secondary small" onClick={press(paging.more)}>
            Show {next} more
          </button>{' '}
          {next < total - shown && (
            <button type="button" className="button secondary small" onClick={press(paging.all)}>
              Show all {total}
            </button>
          )}
        </>
      )}
    </p>
  );
}
