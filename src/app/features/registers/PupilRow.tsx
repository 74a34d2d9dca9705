/**
 * One pupil on a register: two big buttons, present and absent — the only marks a teacher can enter. A code the
 * office has set is shown read-only with its meaning in plain words (see OfficeMark).
 *
 * Memoised with primitive props and stable objects only; the row reads its own tap from the tap store, so one tap
 * renders one row (and the counts), not the register.
 */
import { memo } from 'react';
import { isPresentCode, presentSymbol } from '../../../domain/codes';
import type { Session } from './model';
import type { HereState } from './pupilHere';
import { OfficeMark } from './OfficeMark';
import { codeShown, useTap, type TapStore } from './tapStore';
import { MARK_ATTR, PUPIL_ATTR } from './useMarking';
import { PupilPhoto } from './PupilPhoto';
import type { PhotoValue } from '../../db/types';

export interface PupilRowProps {
  pupilId: string;
  name: string;
  /** The legal name, when the name shown is a preferred name. */
  legalName: string | null;
  initials: string;
  /** The pupil's photo, shown in place of the initials (the same object while it is unchanged). */
  photo: PhotoValue | undefined;
  /** The cell as stored on this tablet. */
  storedCode: string | null;
  storedSource: 'teacher' | 'office' | null;
  /** Saved on this tablet, not yet sent. */
  storedPending: boolean;
  /** The stored change, still waiting, is N changed to present after the register opened. */
  storedLate: boolean;
  /** Shown as present by "Mark all" while its Undo is offered (nothing written yet). */
  held: boolean;
  /** This screen saw N changed to present after the register opened. */
  late: boolean;
  taps: TapStore;
  session: Session;
  disabled: boolean;
  here: HereState;
  onMark: (pupilId: string, mark: string, previous: string | null) => void;
  onHere: (pupilId: string) => Promise<void>;
}

export const PupilRow = memo(function PupilRow(p: PupilRowProps) {
  const present = presentSymbol(p.session);
  const tap = useTap(p.taps, p.pupilId, p.storedCode);
  const code = codeShown(tap, p.held, p.storedCode, present);
  const source = tap || p.held ? 'teacher' : p.storedSource;
  const pending = Boolean(tap) || p.storedPending;
  const office = source === 'office' && code !== null;
  const isPresent = code === '/' || code === '\\';
  const isAbsent = code === 'N';
  const state = !code ? 'unmarked' : isPresentCode(code) ? 'present' : 'absent';
  const lateNote = isPresent && source === 'teacher' && (p.late || (!tap && p.storedLate));
  return (
    <li className={`pupil-row ${state}`} {...{ [PUPIL_ATTR]: p.pupilId }}>
      <PupilPhoto photo={p.photo} name={p.name} initials={p.initials} />
      <div className="pupil-name">
        <span>{p.name}</span>
        {p.legalName && <span className="legal-name">({p.legalName})</span>}
      </div>
      {office ? (
        <OfficeMark pupilId={p.pupilId} name={p.name} code={code!} canFlag={!p.disabled} here={p.here} onHere={p.onHere} />
      ) : (
        <div className="mark-buttons" role="group" aria-label={p.name}>
          <button
            type="button"
            className="mark present"
            aria-pressed={isPresent}
            disabled={p.disabled}
            {...{ [MARK_ATTR]: present }}
            onClick={() => !isPresent && p.onMark(p.pupilId, present, code)}
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
            onClick={() => !isAbsent && p.onMark(p.pupilId, 'N', code)}
          >
            <span className="symbol" aria-hidden="true">
              N
            </span>{' '}
            Absent
          </button>
          {/* Always in the layout, so the buttons do not move when a mark starts or stops waiting. */}
          <span className={`pending-dot ${pending ? 'on' : ''}`} title={pending ? 'Saved on this tablet, waiting to be sent' : undefined}>
            {pending && <span className="visually-hidden">waiting to be sent</span>}
          </span>
        </div>
      )}
      {lateNote && <p className="late-note">Arrived late? The office will record the late arrival.</p>}
    </li>
  );
});
