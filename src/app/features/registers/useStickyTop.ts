/**
 * Keeps the register's sticky summary just under the app's sticky top bar, whatever height the bar wraps to
 * (it grows when the sync status has something to say). Returns a ref callback for the sticky element; it sets
 * `--register-sticky-top` on it and follows the bar's size.
 *
 * The height is read in the ResizeObserver's callback (which runs after layout, and once at the start), never
 * while React commits: reading offsetHeight there forced a whole-page layout in the middle of a cold start.
 */
import { useCallback, useRef } from 'react';

export function useStickyTop(): (el: HTMLElement | null) => void {
  const stop = useRef<(() => void) | null>(null);
  return useCallback((el: HTMLElement | null) => {
    stop.current?.();
    stop.current = null;
    const bar = document.querySelector<HTMLElement>('.top-bar');
    if (!el || !bar) return;
    const update = () => el.style.setProperty('--register-sticky-top', `${bar.offsetHeight}px`);
    if (typeof ResizeObserver === 'undefined') {
      update();
      return;
    }
    const observer = new ResizeObserver(update);
    observer.observe(bar);
    stop.current = () => observer.disconnect();
  }, []);
}
