/**
 * Finding one of today's pupils by name, for the late desk and the signing-out book.
 *
 * The pupils come from today's registers (GET /api/office/registers lists every pupil on roll once per
 * session), so each pupil is listed once, with their class and today's codes so far. Matching ignores case and
 * accents and needs every typed word to start a word of the name ("am sm" finds Amy Smith).
 */
import { useId, useState } from 'react';
import type { OfficeRegistersResponse } from '../../sync/api';
import { nameMatchesSearch } from '../../components/pupilName';

export interface TodayPupil {
  pupilId: string;
  name: string;
  groupId: string;
  groupName: string;
  codes: { AM: string | null; PM: string | null };
}

export const MAX_MATCHES = 8;

/** Every pupil on today's registers once, in the registers' order (class, then name). */
export function todayPupils(data: OfficeRegistersResponse | null): TodayPupil[] {
  const byId = new Map<string, TodayPupil>();
  for (const r of data?.registers ?? []) {
    for (const p of r.pupils) {
      const found = byId.get(p.pupilId) ?? { pupilId: p.pupilId, name: p.name, groupId: r.groupId, groupName: r.groupName, codes: { AM: null, PM: null } };
      found.codes[r.session] = p.code;
      byId.set(p.pupilId, found);
    }
  }
  return [...byId.values()];
}

/** The office's one pupil search (nameMatchesSearch): accents and case ignored, each word typed starts a word of the name. */
export function matchPupils(pupils: TodayPupil[], text: string): TodayPupil[] {
  return pupils.filter((p) => nameMatchesSearch(p.name, text));
}

const codesText = (p: TodayPupil) => `morning ${p.codes.AM ?? 'not marked'}, afternoon ${p.codes.PM ?? 'not marked'}`;

export function TodayPupilFinder({
  pupils,
  value,
  onChange,
  label,
  loading,
}: {
  pupils: TodayPupil[];
  value: TodayPupil | null;
  onChange: (p: TodayPupil | null) => void;
  label: string;
  loading: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  if (value) {
    return (
      <div className="field">
        <p className="finder-chosen">
          <span className="finder-label">{label}:</span> <strong>{value.name}</strong>, {value.groupName} <span className="hint">({codesText(value)})</span>{' '}
          <button type="button" className="button secondary small" onClick={() => onChange(null)} aria-label={`Change pupil: ${value.name}`}>
            Change
          </button>
        </p>
      </div>
    );
  }
  const matches = matchPupils(pupils, text);
  return (
    <div className="field finder">
      <label htmlFor={`${id}-name`}>{label}</label>
      <input id={`${id}-name`} type="text" value={text} autoComplete="off" onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="hint" aria-live="polite">
        {loading && pupils.length === 0
          ? 'Loading today’s pupils…'
          : text.trim() === ''
            ? 'Type part of the first name or surname.'
            : matches.length === 0
              ? 'No pupil on roll today matches that name.'
              : matches.length > MAX_MATCHES
                ? `${matches.length} pupils match: type more of the name. The first ${MAX_MATCHES} are listed.`
                : `${matches.length} ${matches.length === 1 ? 'pupil matches' : 'pupils match'}.`}
      </p>
      {matches.length > 0 && (
        <ul className="finder-matches">
          {matches.slice(0, MAX_MATCHES).map((p) => (
            <li key={p.pupilId}>
              <button
                type="button"
                className="button secondary small"
                onClick={() => {
                  setText('');
                  onChange(p);
                }}
              >
                {p.name}, {p.groupName}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
