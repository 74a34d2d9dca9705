/**
 * One pupil on a register: two big buttons, present and absent — the only marks a teacher can enter. A code the
 * office has set is shown read-only with its meaning in plain words (see OfficeMark).
 *
 * Memoised with primitive props only (and stable callbacks), so one tap re-renders one row.
 */
import { memo } from 'react';
import { isPresentCode, presentSymbol } from '../../../domain/codes';
import type { Session } from './model';
import type { HereState } from './pupilHere';
import { OfficeMark } from './OfficeMark';
import { MARK_ATTR, PUPIL_ATTR } from './useMarking';

export interface PupilRowProps {
  pupilId: string;
  name: string;
  /** The legal name, when the name shown is a preferred name. */
  legalName: string | null;
  initials: string;
  code: string | null;
  source: 'teacher' | 'office' | null;
  /** Saved on this tablet, not yet sent. */
  pending: boolean;
  session: Session;
  disabled: boolean;
  /** N changed to present after the register opened. */
  lateNote: boolean;
  here: HereState;
  onMark: (pupilId: string, mark: string, previous: string | null) => void;
  onHere: (pupilId: string) => Promise<void>;
}

export const PupilRow = memo(function PupilRow(p: PupilRowProps) {
  const present = presentSymbol(p.session);
  const office = p.source === 'office' && p.code !== null;
  const isPresent = p.code === '/' || p.code === '\\';
  const isAbsent = p.code === 'N';
  const state = !p.code ? 'unmarked' : isPresentCode(p.code) ? 'present' : 'absent';
  return (
    <li className={`pupil-row ${state}`} {...{ [PUPIL_ATTR]: p.pupilId }}>
      <span className="pupil-avatar" aria-hidden="true">
        {p.initials}
      </span>
      <div className="pupil-name">
        <span>{p.name}</span>
        {p.legalName && <span className="legal-name">({p.legalName})</span>}
      </div>
      {office ? (
        <OfficeMark pupilId={p.pupilId} name={p.name} code={p.code!} canFlag={!p.disabled} here={p.here} onHere={p.onHere} />
      ) : (
        <div className="mark-buttons" role="group" aria-label={p.name}>
          <button
            type="button"
            className="mark present"
            aria-pressed={isPresent}
            disabled={p.disabled}
            {...{ [MARK_ATTR]: present }}
            onClick={() => !isPresent && p.onMark(p.pupilId, present, p.code)}
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
            {...{ [MARK_ATTR]: 'N' }}
            onClick={() => !isAbsent && p.onMark(p.pupilId, 'N', p.code)}
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
      {p.lateNote && isPresent && <p className="late-note">Arrived late? The office will record the late arrival.</p>}
    </li>
  );
});
