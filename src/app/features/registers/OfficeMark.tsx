/**
 * A code the office has set (M, V, …): read-only, with its meaning in plain words. If the teacher sees the pupil
 * in the room they can tell the office ("Pupil is here", after a confirm); the office code does not change, the
 * office gets a conflict to resolve.
 */
import { useEffect, useRef, useState } from 'react';
import { findCode, isPresentCode } from '../../../domain/codes';
import type { HereState } from './pupilHere';

interface OfficeMarkProps {
  pupilId: string;
  name: string;
  code: string;
  /** False on a register that cannot be taken now (another day, not yours). */
  canFlag: boolean;
  here: HereState;
  onHere: (pupilId: string) => Promise<void>;
}

export function OfficeMark({ pupilId, name, code, canFlag, here, onHere }: OfficeMarkProps) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'saving' | 'done' | 'failed'>('idle');
  const [returnFocus, setReturnFocus] = useState<'button' | 'told' | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const flagRef = useRef<HTMLButtonElement>(null);
  const toldRef = useRef<HTMLParagraphElement>(null);
  const meaning = findCode(code)?.plainMeaning ?? 'a code set by the office';
  // Shown from the moment the teacher confirms; the stored flag (here) takes over once it is read back.
  const told = here === 'waiting' || here === 'sent' || step === 'saving' || step === 'done';
  const waiting = here === 'waiting' || (here === 'none' && told);

  // Keyboard users keep their place: into the confirm, then onto the result (or back to the button).
  useEffect(() => {
    if (step === 'confirm') confirmRef.current?.focus();
  }, [step]);
  // The server refused a flag (e.g. the office had just removed its code): offer the button again.
  useEffect(() => {
    if (here === 'rejected') setStep((s) => (s === 'done' ? 'idle' : s));
  }, [here]);
  useEffect(() => {
    if (returnFocus === 'button') flagRef.current?.focus();
    if (returnFocus === 'told') toldRef.current?.focus();
    if (returnFocus) setReturnFocus(null);
  }, [returnFocus, told]);

  const confirm = () => {
    setStep('saving');
    setReturnFocus('told');
    onHere(pupilId).then(
      () => setStep('done'),
      () => {
        setStep('failed');
        setReturnFocus('button');
      },
    );
  };

  return (
    <div className="office-side">
      <div className="office-mark" aria-label={`${name}: set by the office`}>
        <span>
          <strong className="code">{code}</strong>: {meaning}
        </span>
        <span className="set-by">Set by the office</span>
      </div>
      {told ? (
        <p className="here-told" role="status" tabIndex={-1} ref={toldRef}>
          Office told: pupil is here
          {waiting ? <span className="here-waiting"> (waiting to be sent)</span> : null}
        </p>
      ) : canFlag && !isPresentCode(code) ? (
        step === 'confirm' ? (
          <div className="here-confirm" role="group" aria-label={`Tell the office ${name} is here`}>
            <p>
              Tell the office that {name} is in the room? The office's code stays until the office changes it.
            </p>
            <button type="button" className="button primary small" ref={confirmRef} onClick={confirm}>
              Yes, tell the office
            </button>
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                setStep('idle');
                setReturnFocus('button');
              }}
            >
              Cancel
            </button>
          </div>
        ) : (
          <div className="here-ask">
            <button type="button" className="button secondary small" ref={flagRef} aria-label={`Pupil is here: ${name}`} onClick={() => setStep('confirm')}>
              Pupil is here
            </button>
            {step === 'failed' && (
              <p className="error" role="alert">
                This was not saved on this tablet. Try again.
              </p>
            )}
            {here === 'rejected' && <p className="here-refused">The school's server did not accept this. See the message at the top.</p>}
          </div>
        )
      ) : null}
    </div>
  );
}
