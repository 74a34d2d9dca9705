/**
 * A pupil's record as a form, grouped as an MIS groups it: names; identity (date of birth, gender, UPN with its
 * check letter verified as it is typed); school (class and admission date for a new pupil, year group); needs
 * and flags; contacts in the order they are rung, with add, remove and move up.
 */
import { useState, type FormEvent } from 'react';
import { describeUpnProblem, normaliseUpn } from '../../../../domain/upn';
import { GENDERS, SEN_STATUSES, yearGroupName, type PupilRecord } from '../../../../protocol/adminPupils';

export interface ClassOption {
  id: string;
  name: string;
}

export interface PupilFormValues {
  firstName: string;
  lastName: string;
  preferredName: string;
  preferredSurname: string;
  dateOfBirth: string;
  gender: string;
  upn: string;
  yearGroup: string;
  senStatus: 'none' | 'K' | 'E';
  fsm: boolean;
  eal: boolean;
  lookedAfter: boolean;
  childProtection: boolean;
  socialWorker: boolean;
  contacts: Array<{ name: string; relationship: string; phone: string }>;
  groupId: string;
  admissionDate: string;
}

export function formValuesOf(p: PupilRecord | null, today: string): PupilFormValues {
  return {
    firstName: p?.firstName ?? '',
    lastName: p?.lastName ?? '',
    preferredName: p?.preferredName ?? '',
    preferredSurname: p?.preferredSurname ?? '',
    dateOfBirth: p?.dateOfBirth ?? '',
    gender: p?.gender ?? '',
    upn: p?.upn ?? '',
    yearGroup: p?.yearGroup == null ? '' : String(p.yearGroup),
    senStatus: p?.senStatus ?? 'none',
    fsm: p?.fsm ?? false,
    eal: p?.eal ?? false,
    lookedAfter: p?.lookedAfter ?? false,
    childProtection: p?.childProtection ?? false,
    socialWorker: p?.socialWorker ?? false,
    contacts: p?.contacts.map(({ name, relationship, phone }) => ({ name, relationship, phone })) ?? [],
    groupId: '',
    admissionDate: today,
  };
}

/** The request body: empty optional text is null; the class and admission date only for a new pupil. */
export function bodyOf(v: PupilFormValues, isNew: boolean) {
  const { groupId, admissionDate, yearGroup, gender, ...rest } = v;
  const body = {
    ...rest,
    preferredName: v.preferredName.trim() || null,
    preferredSurname: v.preferredSurname.trim() || null,
    upn: v.upn.trim() || null,
    gender: gender || null,
    yearGroup: yearGroup === '' ? null : Number(yearGroup),
  };
  return isNew ? { ...body, groupId, admissionDate } : body;
}

const FLAGS = [
  ['fsm', 'Free school meals (FSM)'],
  ['eal', 'English as an additional language (EAL)'],
  ['lookedAfter', 'Looked after'],
  ['childProtection', 'Child protection'],
  ['socialWorker', 'Has a social worker'],
] as const;

export function PupilForm(props: { initial: PupilFormValues; isNew: boolean; classes: ClassOption[]; busy: boolean; onSave: (v: PupilFormValues) => void }) {
  const [v, setV] = useState(props.initial);
  const set = <K extends keyof PupilFormValues>(key: K, value: PupilFormValues[K]) => setV((old) => ({ ...old, [key]: value }));
  const upnProblem = v.upn.trim() ? describeUpnProblem(normaliseUpn(v.upn)) : null;
  const setContact = (i: number, key: 'name' | 'relationship' | 'phone', value: string) =>
    set('contacts', v.contacts.map((c, j) => (j === i ? { ...c, [key]: value } : c)));
  const moveUp = (i: number) => {
    const list = [...v.contacts];
    [list[i - 1], list[i]] = [list[i]!, list[i - 1]!];
    set('contacts', list);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!upnProblem) props.onSave(v);
  };
  const text = (key: 'firstName' | 'lastName' | 'preferredName' | 'preferredSurname', label: string, required = false) => (
    <label>
      {label}
      <input value={v[key]} required={required} maxLength={100} onChange={(e) => set(key, e.target.value)} />
    </label>
  );

  return (
    <form className="pupil-form" onSubmit={submit} aria-label={props.isNew ? 'New pupil' : 'Pupil record'}>
      <fieldset>
        <legend>Names</legend>
        {text('firstName', 'Legal forename', true)}
        {text('lastName', 'Legal surname', true)}
        {text('preferredName', 'Preferred forename')}
        {text('preferredSurname', 'Preferred surname')}
      </fieldset>
      <fieldset>
        <legend>Identity</legend>
        <label>
          Date of birth
          <input type="date" value={v.dateOfBirth} required onChange={(e) => set('dateOfBirth', e.target.value)} />
        </label>
        <label>
          Gender
          <select value={v.gender} onChange={(e) => set('gender', e.target.value)}>
            <option value="">Not recorded</option>
            {Object.entries(GENDERS).map(([code, words]) => <option key={code} value={code}>{words}</option>)}
          </select>
        </label>
        <label>
          UPN
          <input value={v.upn} maxLength={20} aria-invalid={upnProblem ? true : undefined} aria-describedby={upnProblem ? 'upn-problem' : undefined}
            onChange={(e) => set('upn', e.target.value)} />
        </label>
        {upnProblem && <p id="upn-problem" className="field-error" role="alert">{upnProblem}</p>}
      </fieldset>
      <fieldset>
        <legend>School</legend>
        {props.isNew && (
          <>
            <label>
              Class
              <select value={v.groupId} required onChange={(e) => set('groupId', e.target.value)}>
                <option value="">Choose a class</option>
                {props.classes.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
              </select>
            </label>
            <label>
              Admission date
              <input type="date" value={v.admissionDate} required onChange={(e) => set('admissionDate', e.target.value)} />
            </label>
          </>
        )}
        <label>
          Year group
          <select value={v.yearGroup} onChange={(e) => set('yearGroup', e.target.value)}>
            <option value="">The class's year</option>
            {Array.from({ length: 15 }, (_, i) => i - 1).map((y) => <option key={y} value={y}>{yearGroupName(y)}</option>)}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Needs and flags</legend>
        <label>
          SEND
          <select value={v.senStatus} onChange={(e) => set('senStatus', e.target.value as PupilFormValues['senStatus'])}>
            {Object.entries(SEN_STATUSES).map(([code, words]) => <option key={code} value={code}>{words}</option>)}
          </select>
        </label>
        {FLAGS.map(([key, label]) => (
          <label key={key} className="check">
            <input type="checkbox" checked={v[key]} onChange={(e) => set(key, e.target.checked)} />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Contacts (rung in this order)</legend>
        <ol className="contacts">
          {v.contacts.map((c, i) => (
            <li key={i}>
              <label>Name of contact {i + 1}<input value={c.name} required onChange={(e) => setContact(i, 'name', e.target.value)} /></label>
              <label>Relationship of contact {i + 1}<input value={c.relationship} required onChange={(e) => setContact(i, 'relationship', e.target.value)} /></label>
              <label>Phone of contact {i + 1}<input type="tel" value={c.phone} required onChange={(e) => setContact(i, 'phone', e.target.value)} /></label>
              <button type="button" disabled={i === 0} onClick={() => moveUp(i)}>Move contact {i + 1} up</button>
              <button type="button" onClick={() => set('contacts', v.contacts.filter((_, j) => j !== i))}>Remove contact {i + 1}</button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => set('contacts', [...v.contacts, { name: '', relationship: '', phone: '' }])}>Add a contact</button>
      </fieldset>
      <button type="submit" className="primary" disabled={props.busy || upnProblem !== null}>{props.isNew ? 'Add pupil' : 'Save changes'}</button>
    </form>
  );
}
