/**
 * Classes (admin): the school's registration groups with their year group, teachers and TAs today and pupils
 * on roll; add a class, rename it or change its year, and choose who registers it. A change of teachers takes
 * effect today: someone taken off keeps their earlier days (the server ends their assignment yesterday).
 */
import { useState, type FormEvent } from 'react';
import type { PageProps } from '../../../components/route';
import { useSignedIn } from '../../../components/services';
import type { GroupRow } from '../../../../protocol/adminStaff';
import { problem, staffApi, useAdminList } from './staffApi';
import './staff.css';

const yearLabel = (y: number | null) => (y === null ? '–' : y === 0 ? 'Reception' : y === -1 ? 'Nursery' : `Year ${y}`);
const parseYear = (v: string): number | null => (v === '' ? null : Number(v));
const YEARS = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

export default function ClassesScreen(_props: PageProps) {
  const { api } = useSignedIn();
  const groups = useAdminList((a) => a.groups());
  const staff = useAdminList((a) => a.staff());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<GroupRow | null>(null);

  async function run(what: () => Promise<unknown>, done: string) {
    try {
      await what();
      setError(null);
      setNotice(done);
      setEditing(null);
      await groups.reload();
      return true;
    } catch (e) {
      setError(problem(e));
      return false;
    }
  }

  return (
    <main className="office admin-staff">
      <h1>Classes</h1>
      <p>Registration groups and who registers them. A change of teacher or TA applies from today; earlier registers keep who took them.</p>
      {(error ?? groups.error) && <p className="error" role="alert">{error ?? groups.error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      <AddClass onAdd={(name, yearGroup) => run(() => staffApi(api).addGroup({ name, yearGroup }), `Added the class ${name}.`)} />
      {editing && (
        <EditClass
          key={editing.id}
          group={editing}
          staff={(staff.data ?? []).filter((s) => s.active)}
          onCancel={() => setEditing(null)}
          onSave={(body, people) =>
            run(async () => {
              await staffApi(api).editGroup(editing.id, body);
              await staffApi(api).setGroupStaff(editing.id, people);
            }, `Saved ${body.name}.`)
          }
        />
      )}
      {groups.data === null && !groups.error ? (
        <p className="notice">Loading classes…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Year</th>
              <th scope="col">Teachers</th>
              <th scope="col">TAs</th>
              <th scope="col">Pupils on roll</th>
              <th scope="col"><span className="visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody>
            {(groups.data ?? []).map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.name}</th>
                <td>{yearLabel(g.yearGroup)}</td>
                <td>{g.teachers.map((t) => t.displayName).join(', ') || '–'}</td>
                <td>{g.tas.map((t) => t.displayName).join(', ') || '–'}{g.coversToday.length > 0 && ` (cover today: ${g.coversToday.map((c) => c.displayName).join(', ')})`}</td>
                <td>{g.pupilsOnRoll}</td>
                <td>
                  <button type="button" className="button secondary small" onClick={() => setEditing(g)} aria-label={`Edit ${g.name}`}>Edit</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function YearSelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">No year group</option>
      {YEARS.map((y) => <option key={y} value={String(y)}>{yearLabel(y)}</option>)}
    </select>
  );
}

function AddClass({ onAdd }: { onAdd: (name: string, yearGroup: number | null) => Promise<boolean> }) {
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await onAdd(name.trim(), parseYear(year))) { setName(''); setYear(''); }
  }
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} aria-label="Add a class">
      <h2>Add a class</h2>
      <label htmlFor="new-class-name">Class name</label>
      <input id="new-class-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required />
      <label htmlFor="new-class-year">Year group</label>
      <YearSelect id="new-class-year" value={year} onChange={setYear} />
      <button type="submit" className="button" disabled={!name.trim()}>Add class</button>
    </form>
  );
}

function EditClass(p: {
  group: GroupRow;
  staff: Array<{ id: string; displayName: string; role: string }>;
  onCancel: () => void;
  onSave: (body: { name: string; yearGroup: number | null }, people: { teachers: string[]; tas: string[] }) => Promise<boolean>;
}) {
  const [name, setName] = useState(p.group.name);
  const [year, setYear] = useState(p.group.yearGroup === null ? '' : String(p.group.yearGroup));
  const [chosen, setChosen] = useState(new Set([...p.group.teachers, ...p.group.tas].map((s) => s.id)));
  const toggle = (id: string) => setChosen((old) => { const next = new Set(old); if (next.has(id)) next.delete(id); else next.add(id); return next; });
  const teachers = p.staff.filter((s) => s.role !== 'ta');
  const tas = p.staff.filter((s) => s.role === 'ta');
  const pick = (list: typeof p.staff) => list.filter((s) => chosen.has(s.id)).map((s) => s.id);
  const box = (s: { id: string; displayName: string }) => (
    <label key={s.id} className="check">
      <input type="checkbox" checked={chosen.has(s.id)} onChange={() => toggle(s.id)} /> {s.displayName}
    </label>
  );
  return (
    <form className="admin-form panel" aria-label={`Edit ${p.group.name}`} onSubmit={(e) => { e.preventDefault(); void p.onSave({ name: name.trim(), yearGroup: parseYear(year) }, { teachers: pick(teachers), tas: pick(tas) }); }}>
      <h2>Edit {p.group.name}</h2>
      <label htmlFor="edit-class-name">Class name</label>
      <input id="edit-class-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required />
      <label htmlFor="edit-class-year">Year group</label>
      <YearSelect id="edit-class-year" value={year} onChange={setYear} />
      <fieldset><legend>Teachers (from today)</legend>{teachers.map(box)}</fieldset>
      <fieldset><legend>Teaching assistants (from today)</legend>{tas.length ? tas.map(box) : <p>No TAs have accounts yet.</p>}</fieldset>
      <div className="actions">
        <button type="button" className="button secondary" onClick={p.onCancel}>Cancel</button>
        <button type="submit" className="button">Save</button>
      </div>
    </form>
  );
}
