/** The counts, problems, warnings and changes of an import's preview or result. */
import type { PupilImportResult } from '../../../../protocol/adminImport';

const ACTION_LABEL = { create: 'New', update: 'Changed', leave: 'Leaves' } as const;

export function ImportReport({ result, heading }: { result: PupilImportResult; heading: string }) {
  const counts: Array<[string, number]> = [
    ['Rows', result.rows], ['New pupils', result.created], ['Changed', result.updated], ['Leavers', result.left],
    ['Unchanged', result.unchanged], ['New classes', result.groupsCreated], ['Problems', result.errors.length], ['Warnings', result.warnings.length],
  ];
  return (
    <section aria-label={heading} className="import-report">
      <h2>{heading}</h2>
      <dl className="import-counts">
        {counts.map(([label, n]) => (
          <div key={label}><dt>{label}</dt><dd>{n}</dd></div>
        ))}
      </dl>
      {result.newGroups.length > 0 && <p>Classes to create: {result.newGroups.join(', ')}.</p>}
      {result.errors.length > 0 && (
        <>
          <h3>Rows with problems</h3>
          <table className="import-table">
            <caption>Each must be fixed in the file before it can be imported</caption>
            <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Value</th><th scope="col">Problem</th></tr></thead>
            <tbody>
              {result.errors.map((e, i) => (
                <tr key={i}><td>{e.row}</td><td>{e.column}</td><td>{e.value}</td><td>{e.message}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul className="import-warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w.row > 1 ? `Row ${w.row}` : w.row === 1 ? `Column ${w.column}` : 'The file'}{w.row > 1 && w.column ? ` (${w.column})` : ''}: {w.message}</li>
            ))}
          </ul>
        </>
      )}
      {result.changes.length > 0 && (
        <>
          <h3>What changes</h3>
          <table className="import-table">
            <thead><tr><th scope="col">Row</th><th scope="col">Pupil</th><th scope="col">Change</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {result.changes.map((c) => (
                <tr key={c.row}><td>{c.row}</td><th scope="row">{c.pupil}</th><td>{ACTION_LABEL[c.action]}</td><td>{c.details.join('; ')}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
