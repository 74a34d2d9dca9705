/**
 * Staff (admin): every account with role, classes, whether they have set a password or have a code waiting,
 * and their last sign-in. Add a person (they get a first sign-in code, printed as a slip), change role and
 * classes, disable (after a confirmation: their sessions and device keys end at once) or enable, issue a new
 * sign-in code, and import staff from a CSV file.
 */
import { useState, type FormEvent } from 'react';
import type { PageProps } from '../../../components/route';
import { useSignedIn } from '../../../components/services';
import type { Role } from '../../../../protocol';
import type { StaffRow } from '../../../../protocol/adminStaff';
import { longDate, problem, ROLE_NAMES, staffApi, useAdminList } from './staffApi';
import { SignInSlips, type Slip } from './SignInSlips';
import { StaffImport } from './StaffImport';
import './staff.css';

const ROLES = Object.keys(ROLE_NAMES) as Role[];

export default function StaffScreen(_props: PageProps) {
  const { api, user } = useSignedIn();
  const tz = user.timeZone || 'Europe/London';
  const staff = useAdminList((a) => a.staff());
  const groups = useAdminList((a) => a.groups());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [slips, setSlips] = useState<Slip[]>([]);
  const [editing, setEditing] = useState<StaffRow | null>(null);
  const [confirming, setConfirming] = useState<StaffRow | null>(null);

  async function run<T>(what: () => Promise<T>, done: (answer: T) => string): Promise<boolean> {
    try {
      const answer = await what();
      setError(null);
      setNotice(done(answer));
      await staff.reload();
      return true;
    } catch (e) {
      setError(problem(e));
      return false;
    }
  }
  const s = staffApi(api);
  const status = (p: StaffRow) =>
    !p.active ? 'Disabled' : p.codeExpiresAt ? `Code waiting until ${longDate(p.codeExpiresAt, tz)}` : p.hasPassword ? 'Password set' : 'No password yet';

  return (
    <main className="office admin-staff">
      <h1>Staff</h1>
      {(error ?? staff.error) && <p className="error" role="alert">{error ?? staff.error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {slips.length > 0 && <SignInSlips slips={slips} schoolName={user.schoolName} timeZone={tz} onClose={() => setSlips([])} />}
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="disable-question">
          <p id="disable-question">
            Disable {confirming.displayName}? They are signed out everywhere at once and their tablets' device keys stop working. Their
            registers and history stay.
          </p>
          <button type="button" className="button secondary" onClick={() => setConfirming(null)} autoFocus>Cancel</button>
          <button type="button" className="button danger" onClick={() => { const p = confirming; setConfirming(null); void run(() => s.disable(p.id), () => `${p.displayName} is disabled.`); }}>
            Disable {confirming.displayName}
          </button>
        </div>
      )}
      {editing && (
        <EditPerson
          key={editing.id}
          person={editing}
          groups={groups.data ?? []}
          onCancel={() => setEditing(null)}
          onSave={async (body) => { if (await run(() => s.editStaff(editing.id, body), () => `Saved ${editing.displayName}.`)) setEditing(null); }}
        />
      )}
      {staff.data === null && !staff.error ? (
        <p className="notice">Loading staff…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Classes</th>
              <th scope="col">Sign-in</th><th scope="col">Last signed in</th><th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {(staff.data ?? []).map((p) => (
              <tr key={p.id} className={p.active ? undefined : 'disabled'}>
                <th scope="row">{p.title && !p.displayName.startsWith(p.title) ? `${p.title} ` : ''}{p.displayName}</th>
                <td>{p.username}</td>
                <td>{ROLE_NAMES[p.role]}</td>
                <td>{p.groups.map((g) => g.name).join(', ') || '–'}</td>
                <td>{status(p)}</td>
                <td>{p.lastSignInAt ? longDate(p.lastSignInAt, tz) : 'Never'}</td>
                <td className="row-actions">
                  <button type="button" className="button secondary small" onClick={() => setEditing(p)} aria-label={`Edit ${p.displayName}`}>Edit</button>
                  {p.active ? (
                    <>
                      <button type="button" className="button secondary small" aria-label={`New sign-in code for ${p.displayName}`}
                        onClick={() => void run(() => s.newCode(p.id), (a) => { setSlips([a]); return `A new sign-in code for ${p.displayName}: print the slip. Any earlier code no longer works.`; })}>
                        New sign-in code
                      </button>
                      <button type="button" className="button secondary small" onClick={() => setConfirming(p)} aria-label={`Disable ${p.displayName}`}>Disable</button>
                    </>
                  ) : (
                    <button type="button" className="button secondary small" onClick={() => void run(() => s.enable(p.id), () => `${p.displayName} is enabled again.`)} aria-label={`Enable ${p.displayName}`}>
                      Enable
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddPerson groups={groups.data ?? []} onAdd={(body) => run(() => s.addStaff(body), (a) => { setSlips([a]); return `Added ${a.displayName} as ${a.username}. Print their sign-in slip.`; })} />
      <StaffImport onApplied={(accounts, summary) => { setSlips(accounts); setNotice(summary); void staff.reload(); }} />
    </main>
  );
}

function ClassChoice({ groups, chosen, onToggle }: { groups: Array<{ id: string; name: string }>; chosen: Set<string>; onToggle: (id: string) => void }) {
  return (
    <fieldset>
      <legend>Classes (from today)</legend>
      {groups.map((g) => (
        <label key={g.id} className="check"><input type="checkbox" checked={chosen.has(g.id)} onChange={() => onToggle(g.id)} /> {g.name}</label>
      ))}
    </fieldset>
  );
}

const toggled = (set: Set<string>, id: string) => { const next = new Set(set); if (next.has(id)) next.delete(id); else next.add(id); return next; };

function AddPerson({ groups, onAdd }: { groups: Array<{ id: string; name: string }>; onAdd: (body: Record<string, unknown>) => Promise<boolean> }) {
  const [f, setF] = useState({ title: '', forename: '', surname: '', email: '', role: 'teacher' as Role });
  const [chosen, setChosen] = useState(new Set<string>());
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { forename: f.forename.trim(), surname: f.surname.trim(), role: f.role, groups: [...chosen], ...(f.title.trim() && { title: f.title.trim() }), ...(f.email.trim() && { email: f.email.trim() }) };
    if (await onAdd(body)) { setF({ title: '', forename: '', surname: '', email: '', role: 'teacher' }); setChosen(new Set()); }
  }
  return (
    <form className="admin-form" aria-label="Add a person" onSubmit={(e) => void submit(e)}>
      <h2>Add a person</h2>
      <label htmlFor="new-title">Title</label><input id="new-title" value={f.title} onChange={set('title')} maxLength={20} />
      <label htmlFor="new-forename">Forename</label><input id="new-forename" value={f.forename} onChange={set('forename')} maxLength={60} required />
      <label htmlFor="new-surname">Surname</label><input id="new-surname" value={f.surname} onChange={set('surname')} maxLength={60} required />
      <label htmlFor="new-email">Email (optional)</label><input id="new-email" type="email" value={f.email} onChange={set('email')} maxLength={254} />
      <label htmlFor="new-role">Role</label>
      <select id="new-role" value={f.role} onChange={set('role')}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}</select>
      <ClassChoice groups={groups} chosen={chosen} onToggle={(id) => setChosen(toggled(chosen, id))} />
      <button type="submit" className="button" disabled={!f.forename.trim() || !f.surname.trim()}>Add person</button>
    </form>
  );
}

function EditPerson(p: { person: StaffRow; groups: Array<{ id: string; name: string }>; onCancel: () => void; onSave: (body: Record<string, unknown>) => Promise<void> }) {
  const [displayName, setDisplayName] = useState(p.person.displayName);
  const [role, setRole] = useState<Role>(p.person.role);
  const [email, setEmail] = useState(p.person.email ?? '');
  const [chosen, setChosen] = useState(new Set(p.person.groups.map((g) => g.id)));
  return (
    <form className="admin-form panel" aria-label={`Edit ${p.person.displayName}`}
      onSubmit={(e) => { e.preventDefault(); void p.onSave({ displayName: displayName.trim(), role, email: email.trim() || null, groups: [...chosen] }); }}>
      <h2>Edit {p.person.displayName}</h2>
      <label htmlFor="edit-name">Name</label><input id="edit-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={100} required />
      <label htmlFor="edit-email">Email</label><input id="edit-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />
      <label htmlFor="edit-role">Role</label>
      <select id="edit-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r]}</option>)}</select>
      <ClassChoice groups={p.groups} chosen={chosen} onToggle={(id) => setChosen(toggled(chosen, id))} />
      <div className="actions">
        <button type="button" className="button secondary" onClick={p.onCancel}>Cancel</button>
        <button type="submit" className="button">Save</button>
      </div>
    </form>
  );
}
