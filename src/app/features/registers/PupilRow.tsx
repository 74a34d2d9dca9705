/**
 * One pupil on a register: two big buttons, present and absent — the only marks a teacher can enter.
 * A code the office has set is shown read-only with its meaning in plain words.
 */
import { memo } from 'react';
import { findCode, isPresentCode, presentSymbol } from '../../../domain/codes';
import type { Session } from './model';

export interface PupilRowProps {
  pupilId: string;
  name: string;
  /** Legal name when a preferred name is shown, for the office's benefit. */
  legalName: string | null;
  code: string | null;
  source: 'teacher' | 'office' | null;
  pending: boolean;
  session: Session;
  disabled: boolean;
  onMark: (pupilId: string, mark: string) => void;
}

export const PupilRow = memo(function PupilRow(p: PupilRowProps) {
  const present = presentSymbol(p.session);
  const officeCode = p.source === 'office' && p.code ? findCode(p.code) : null;
  const isPresent = p.code === '/' || p.code === '\\';
  const isAbsent = p.code === 'N';
  const state = !p.code ? 'unmarked' : isPresentCode(p.code) ? 'present' : 'absent';
  return (
    <li className={`pupil-row ${state}`}>
      <div className="pupil-name">
        <span>{p.name}</span>
        {p.legalName && <span className="legal-name">({p.legalName})</span>}
      </div>
      {p.source === 'office' && p.code ? (
        <div className="office-mark" aria-label={`${p.name}: set by the office`}>
          <span className="code">{p.code}</span>
          <span>{officeCode?.plainMeaning ?? 'code set by the office'}</span>
          <span className="set-by">Set by the office</span>
        </div>
      ) : (
        <div className="mark-buttons" role="group" aria-label={p.name}>
          <button
            type="button"
            className="mark present"
            aria-pressed={isPresent}
            disabled={p.disabled}
            onClick={() => !isPresent && p.onMark(p.pupilId, present)}
          >
            <span className="symbol" aria-hidden="true">
              {present}
            </span>{' '}
            Present
          </button>
          <button
            type="button"
            className="mark absent"
            aria-pressed={isAbsent}
            disabled={p.disabled}
            onClick={() => !isAbsent && p.onMark(p.pupilId, 'N')}
          >
            <span className="symbol" aria-hidden="true">
              N
            </span>{' '}
            Absent
          </button>
          {/* Always in the layout, so the buttons do not move when a mark starts or stops waiting. */}
          <span className={`pending-dot ${p.pending ? 'on' : ''}`} title={p.pending ? 'Saved on this tablet, waiting to be sent' : undefined}>
            {p.pending && <span className="visually-hidden">waiting to be sent</span>}
          </span>
        </div>
      )}
    </li>
  );
});
