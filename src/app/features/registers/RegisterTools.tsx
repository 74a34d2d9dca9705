/**
 * Finding a pupil in a large group, and the register's order (remembered on this tablet). Memoised: a tap on a
 * pupil changes neither, so the search box is not rendered again with every mark.
 */
import { memo, useId } from 'react';
import type { SortOrder } from './model';

interface RegisterToolsProps {
  filter: string;
  onFilter: (text: string) => void;
  order: SortOrder;
  onOrder: (order: SortOrder) => void;
}

export const RegisterTools = memo(function RegisterTools({ filter, onFilter, order, onOrder }: RegisterToolsProps) {
  const id = useId();
  return (
    <div className="register-tools">
      <div className="find-pupil">
        <label htmlFor={id}>Find a pupil</label>
        <input
          id={id}
          type="search"
          value={filter}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="search"
          onChange={(e) => onFilter(e.target.value)}
        />
      </div>
      <button
        type="button"
        className="button secondary small sort-toggle"
        aria-pressed={order === 'firstName'}
        onClick={() => onOrder(order === 'firstName' ? 'surname' : 'firstName')}
      >
        Sort by first name
      </button>
    </div>
  );
});
