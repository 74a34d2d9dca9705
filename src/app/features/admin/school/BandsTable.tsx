/** The school's attendance bands as an editable table: a row per band, from (included) and below (excluded). */

export interface BandRow {
  name: string;
  min: string;
  /** Empty for the top band ("and above"). */
  max: string;
}

export function BandsTable({ bands, onChange, isDefault }: { bands: BandRow[]; onChange: (bands: BandRow[]) => void; isDefault: boolean }) {
  const update = (i: number, patch: Partial<BandRow>) => onChange(bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const remove = (i: number) => onChange(bands.filter((_, j) => j !== i));
  const add = () => onChange([...bands, { name: '', min: bands.at(-1)?.max ?? '', max: '' }]);
  return (
    <fieldset className="bands">
      <legend>Attendance bands</legend>
      <p>
        Each band starts at its lower limit and stops just below the next band’s. Leave the top band’s upper limit empty so that 100% is in it.
        {isDefault && ' These are the product’s default bands: the school has not saved its own yet.'}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col">From (%)</th>
            <th scope="col">Below (%)</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Name of band ${i + 1}`} value={b.name} onChange={(e) => update(i, { name: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Band ${i + 1} from (%)`} inputMode="decimal" value={b.min} onChange={(e) => update(i, { min: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Band ${i + 1} below (%)`} inputMode="decimal" value={b.max} placeholder="and above" onChange={(e) => update(i, { max: e.target.value })} />
              </td>
              <td>
                <button type="button" className="button secondary small" onClick={() => remove(i)} aria-label={`Remove band ${i + 1}${b.name ? ` (${b.name})` : ''}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button secondary" onClick={add}>
        Add a band
      </button>
    </fieldset>
  );
}
