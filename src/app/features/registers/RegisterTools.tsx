/** Finding a pupil in a large group, and the register's order (remembered on this tablet). */
import { useId } from 'react';
import type { SortOrder } from './model';

interface RegisterToolsProps {
  filter: string;
  onFilter: (text: string) => void;
  order: SortOrder;
  onOrder: (order: SortOrder) => void;
}

export function RegisterTools({ filter, onFilter, order, onOrder }: RegisterToolsProps) {
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
}
