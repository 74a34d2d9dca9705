/**
 * Import staff from a CSV file: choose the file, see the preview (counts, the rows with errors and why, what
 * each row will change), then apply. Applying sends the same file again as a commit; the accounts it created
 * come back with their one-time codes, handed to the caller to print as slips.
 */
import { useState } from 'react';
import { useSignedIn } from '../../../components/services';
import { adminHref } from '../../../components/route';
import type { StaffImportResult } from '../../../../protocol/adminStaff';
import { problem, staffApi } from './staffApi';
import type { Slip } from './SignInSlips';

export function StaffImport({ onApplied }: { onApplied: (accounts: Slip[], summary: string) => void }) {
  const { api } = useSignedIn();
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<StaffImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(file: File | undefined) {
    setPreview(null);
    setError(null);
    if (!file) return;
    setBusy(true);
    try {
      const text = await file.text();
      setCsv(text);
      setPreview(await staffApi(api).importStaff('preview', text));
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (csv === null) return;
    setBusy(true);
    try {
      const done = await staffApi(api).importStaff('commit', csv);
      onApplied(done.accounts, `Staff import applied: ${done.created} added, ${done.updated} updated, ${done.unchanged} unchanged.`);
      setPreview(null);
      setCsv(null);
    } catch (e) {
      setError(problem(e));
      // The file may have met a change made since the preview: show what it finds now.
      try { setPreview(await staffApi(api).importStaff('preview', csv)); } catch { /* the error above says enough */ }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin-form" aria-label="Import staff">
      <h2>Import staff from a CSV file</h2>
      <p>Columns: Title, Forename, Surname, Role (Teacher, TA, Office or Admin), Email, Registration Groups (class names separated by ;).</p>
      <p>
        The classes named must exist already: import the pupils first (<a href={adminHref('import')}>Import from MIS</a> creates their
        classes), or add them on the <a href={adminHref('classes')}>Classes</a> screen.
      </p>
      <label htmlFor="staff-csv">Staff CSV file</label>
      <input id="staff-csv" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} />
      {busy && <p className="notice">Reading the file…</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {preview && (
        <div className="import-preview">
          <p role="status">
            {preview.rows} rows: {preview.created} to add, {preview.updated} to update, {preview.unchanged} unchanged
            {preview.errors.length > 0 && `, ${preview.errors.length} ${preview.errors.length === 1 ? 'error' : 'errors'}`}.
          </p>
          {preview.errors.length > 0 && (
            <table aria-label="Errors">
              <caption>Errors: correct these in the file and choose it again. Nothing is imported while there are errors.</caption>
              <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Value</th><th scope="col">Problem</th></tr></thead>
              <tbody>
                {preview.errors.map((e, i) => (
                  <tr key={i}><td>{e.row}</td><td>{e.column}</td><td>{e.value}</td><td>{e.message}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.warnings.length > 0 && (
            <ul className="warnings" aria-label="Warnings">
              {preview.warnings.map((w, i) => <li key={i}>Row {w.row}{w.column && `, ${w.column}`}: {w.message}</li>)}
            </ul>
          )}
          <table aria-label="What will change">
            <thead><tr><th scope="col">Row</th><th scope="col">Name</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={c.row}>
                  <td>{c.row}</td>
                  <td>{c.displayName}</td>
                  <td>{c.action === 'unchanged' ? 'No change' : c.details.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="button" onClick={() => void apply()} disabled={busy || preview.errors.length > 0 || preview.created + preview.updated === 0}>
            Apply import
          </button>
        </div>
      )}
    </section>
  );
}
