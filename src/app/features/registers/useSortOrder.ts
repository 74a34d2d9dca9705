/** The register's order (surname or first name), remembered on this tablet across registers and reloads. */
import { useCallback, useState } from 'react';
import type { SortOrder } from './model';

export const SORT_ORDER_KEY = 'register.sortOrder';

function read(): SortOrder {
  try {
    return window.localStorage.getItem(SORT_ORDER_KEY) === 'firstName' ? 'firstName' : 'surname';
  } catch {
    return 'surname'; // storage blocked (private mode): the usual order
  }
}

export function useSortOrder(): [SortOrder, (order: SortOrder) => void] {
  const [order, setOrder] = useState<SortOrder>(read);
  const choose = useCallback((next: SortOrder) => {
    setOrder(next);
    try {
      window.localStorage.setItem(SORT_ORDER_KEY, next);
    } catch {
      // Not remembered, but the screen still changes.
    }
  }, []);
  return [order, choose];
}
