/**
 * The attendance letter's text in the School settings: a large box, the placeholders it may use in words, and
 * a button back to the product's default text. The office prints it for families (Persistent absence screen).
 */
import { DEFAULT_LETTER_TEMPLATE, LETTER_PLACEHOLDERS, MAX_LETTER_TEMPLATE_LENGTH } from '../../../../protocol/letterTemplate';

export function LetterTemplateField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <fieldset className="letter-template">
      <legend>Attendance letter</legend>
      <label htmlFor="school-letterTemplate">Letter to families</label>
      <textarea id="school-letterTemplate" rows={14} value={value} maxLength={MAX_LETTER_TEMPLATE_LENGTH} onChange={(e) => onChange(e.target.value)} aria-describedby="school-letter-help" />
      <div id="school-letter-help" className="hint">
        <p>The office prints this for the family of each pupil below a band. Words in braces are filled in for each pupil:</p>
        <dl className="facts">
          {Object.entries(LETTER_PLACEHOLDERS).map(([name, meaning]) => (
            <div key={name}>
              <dt>{`{${name}}`}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
      </div>
      <button type="button" className="button secondary small" onClick={() => onChange(DEFAULT_LETTER_TEMPLATE)} disabled={value === DEFAULT_LETTER_TEMPLATE}>
        Use the default text
      </button>
    </fieldset>
  );
}
