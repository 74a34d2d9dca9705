/**
 * The form to assign a TA or another teacher to cover a class for some days and sessions. It only builds the
 * draft and checks it; the screen records it through the outbox (cover.add), so it is kept on the device and
 * sent like every other change.
 */
import { useState, type FormEvent } from 'react';
import type { OfficeGroup, StaffMember } from '../../sync/api';
import { checkDraft, type CoverDraft, type DraftProblems } from './coverModel';

const ROLE_LABEL: Record<StaffMember['role'], string> = { ta: 'Teaching assistants', teacher: 'Teachers', office: 'Office', admin: 'Admin' };

export function CoverForm({
  staff,
  groups,
  today,
  onAdd,
}: {
  staff: StaffMember[];
  groups: OfficeGroup[];
  today: string;
  /** Records the cover; rejects when the tablet could not save it. */
  onAdd: (draft: CoverDraft) => Promise<void>;
}) {
  const empty: CoverDraft = { staffId: '', groupId: '', startDate: today, endDate: today, am: true, pm: true };
  const [draft, setDraft] = useState<CoverDraft>(empty);
  const [problems, setProblems] = useState<DraftProblems>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<CoverDraft>) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkDraft(draft);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onAdd(draft);
      setDraft({ ...empty, startDate: draft.startDate, endDate: draft.endDate });
    } finally {
      setBusy(false);
    }
  }

  const byRole = (['ta', 'teacher'] as const).map((role) => ({ role, people: staff.filter((s) => s.role === role) }));
  const describedBy = (field: keyof DraftProblems) => (problems[field] ? `cover-${field}-problem` : undefined);
  const problem = (field: keyof DraftProblems) =>
    problems[field] ? (
      <p id={`cover-${field}-problem`} className="field-problem">
        {problems[field]}
      </p>
    ) : null;

  return (
    <form className="card cover-form" onSubmit={submit} noValidate aria-labelledby="cover-form-heading">
      <h2 id="cover-form-heading">Add a cover</h2>
      <div className="field">
        <label htmlFor="cover-staff">Who covers</label>
        <select id="cover-staff" value={draft.staffId} onChange={(e) => set({ staffId: e.target.value })} aria-describedby={describedBy('staffId')} aria-invalid={Boolean(problems.staffId)}>
          <option value="">Choose a person…</option>
          {byRole.map(({ role, people }) =>
            people.length === 0 ? null : (
              <optgroup key={role} label={ROLE_LABEL[role]}>
                {people.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
        {problem('staffId')}
      </div>
      <div className="field">
        <label htmlFor="cover-group">Class</label>
        <select id="cover-group" value={draft.groupId} onChange={(e) => set({ groupId: e.target.value })} aria-describedby={describedBy('groupId')} aria-invalid={Boolean(problems.groupId)}>
          <option value="">Choose a class…</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        {problem('groupId')}
      </div>
      <div className="field">
        <label htmlFor="cover-start">First day</label>
        <input id="cover-start" type="date" value={draft.startDate} onChange={(e) => set({ startDate: e.target.value })} aria-describedby={describedBy('startDate')} aria-invalid={Boolean(problems.startDate)} />
        {problem('startDate')}
      </div>
      <div className="field">
        <label htmlFor="cover-end">Last day</label>
        <input id="cover-end" type="date" value={draft.endDate} min={draft.startDate} onChange={(e) => set({ endDate: e.target.value })} aria-describedby={describedBy('endDate')} aria-invalid={Boolean(problems.endDate)} />
        {problem('endDate')}
      </div>
      <fieldset className="field sessions" aria-describedby={describedBy('sessions')}>
        <legend>Sessions</legend>
        <label className="check">
          <input type="checkbox" checked={draft.am} onChange={(e) => set({ am: e.target.checked })} /> Morning
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.pm} onChange={(e) => set({ pm: e.target.checked })} /> Afternoon
        </label>
        {problem('sessions')}
      </fieldset>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Saving…' : 'Add cover'}
      </button>
    </form>
  );
}
