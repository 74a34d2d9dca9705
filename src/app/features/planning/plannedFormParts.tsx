/** Small form pieces of the planned-absence and bulk-code forms: a set of tick-boxes, a field's problem. */

export function Checkboxes<T extends string | number>(props: {
  legend: string;
  options: Array<{ value: T; label: string }>;
  chosen: T[];
  onChange: (chosen: T[]) => void;
  problem?: string;
  hint?: string;
  idPrefix: string;
}) {
  const problemId = `${props.idPrefix}-problem`;
  const hintId = `${props.idPrefix}-hint`;
  return (
    <fieldset className="field checkbox-row" aria-describedby={[props.hint ? hintId : '', props.problem ? problemId : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <div className="checkbox-options">
        {props.options.map((o) => (
          <label key={String(o.value)} className="checkbox">
            <input
              type="checkbox"
              checked={props.chosen.includes(o.value)}
              onChange={(e) => props.onChange(e.target.checked ? [...props.chosen, o.value] : props.chosen.filter((x) => x !== o.value))}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
      {props.problem && (
        <p className="field-problem" id={problemId}>
          {props.problem}
        </p>
      )}
    </fieldset>
  );
}

export function Problem({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-problem" id={id}>
      {text}
    </p>
  ) : null;
}
