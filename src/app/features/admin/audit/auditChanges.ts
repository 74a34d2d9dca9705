/**
 * What an audit entry changed, in words: the fields whose value differs between the record before and after,
 * each with both values written for a person ("Free school meals: No → Yes"), not as JSON.
 *
 * Nested objects are followed (a session's AM opening time is its own field); lists are compared whole. A field
 * only on one side (a record created or removed) is listed with "not set" on the other.
 */

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** Short forms a school writes in capitals. */
const ACRONYMS = new Map([
  ['id', 'ID'], ['upn', 'UPN'], ['urn', 'URN'], ['sen', 'SEN'], ['send', 'SEND'], ['fsm', 'FSM'], ['eal', 'EAL'],
  ['am', 'AM'], ['pm', 'PM'], ['cla', 'CLA'], ['dob', 'date of birth'],
]);

/** 'dateOfBirth' → 'date of birth', 'sen_status' → 'SEN status'. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS.get(w.toLowerCase()) ?? (/^[A-Z]+$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

export function fieldLabel(path: string[]): string {
  const text = path.map(words).join(' › ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A value as a person reads it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (typeof value === 'string') return value === '' ? 'blank' : value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : describeValue(v))).join(', ');
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf of a record by its path (Map: keys such as '__proto__' are data here, nothing more). */
function leaves(value: unknown, path: string[], into: Map<string, { path: string[]; value: unknown }>) {
  if (isRecord(value) && (path.length === 0 || Object.keys(value).length > 0)) {
    for (const key of Object.keys(value)) leaves(value[key], [...path, key], into);
  } else if (value !== null && value !== undefined) {
    into.set(JSON.stringify(path), { path: path.length === 0 ? ['value'] : path, value });
  }
  return into;
}

export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const was = leaves(before, [], new Map());
  const now = leaves(after, [], new Map());
  const keys = [...new Set([...was.keys(), ...now.keys()])];
  return keys
    .filter((k) => JSON.stringify(was.get(k)?.value) !== JSON.stringify(now.get(k)?.value))
    .map((k) => {
      const path = (was.get(k) ?? now.get(k))!.path;
      return { field: fieldLabel(path), before: describeValue(was.get(k)?.value), after: describeValue(now.get(k)?.value) };
    });
}
