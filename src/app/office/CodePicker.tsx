/**
 * The office's code list: every current national code, grouped by statistical class, each with its meaning
 * (DOMAIN.md §2). Retired codes are never offered. `session` hides the present symbol of the other session.
 */
import { codesByClass } from '../../domain/codes';

export interface CodePickerProps {
  id: string;
  value: string;
  onChange: (code: string) => void;
  session?: 'AM' | 'PM';
  /** Codes not to offer (e.g. the cell's current code). */
  exclude?: readonly string[];
  describedBy?: string;
  invalid?: boolean;
  /** The first, empty option's text. */
  placeholder?: string;
}

export function CodePicker({ id, value, onChange, session, exclude = [], describedBy, invalid, placeholder = 'Choose a code…' }: CodePickerProps) {
  const hidden = new Set<string>(exclude);
  if (session === 'AM') hidden.add('\\');
  if (session === 'PM') hidden.add('/');
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="code-picker">
      <option value="">{placeholder}</option>
      {codesByClass().map((group) => {
        const codes = group.codes.filter((c) => !hidden.has(c.code));
        if (codes.length === 0) return null;
        return (
          <optgroup key={group.class} label={group.label}>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}: {c.meaning}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
