import { describe, it, expect } from 'vitest';
import { ATTENDANCE_CODES, type Session } from '../../src/domain/codes';
import { checkOfficeCode, officeReplacementNeedsReason, type OfficeCodeProblem } from '../../src/domain/officeCodes';

// Year 5 in 2025-26: of compulsory school age all year.
const YEAR_5 = '2015-05-01';
// Reception, turns five on 1 October 2025: compulsory school age from 31 December 2025.
const RECEPTION = '2020-10-01';
// Year 12: past compulsory school age.
const SIXTH_FORM = '2008-03-01';

describe('checkOfficeCode', () => {
  it.each(ATTENDANCE_CODES.filter((c) => !c.retired && !['\\', 'X'].includes(c.code)).map((c) => c.code))(
    'allows current code %j for a Year 5 pupil in the morning',
    (code) => {
      expect(checkOfficeCode({ code, dateOfBirth: YEAR_5, date: '2025-10-06', session: 'AM' })).toEqual({ ok: true, code });
    },
  );

  // [code, date of birth, date, session, refused for, words the message must contain]
  const refusals: Array<[string, string, string, Session, OfficeCodeProblem, RegExp]> = [
    ['H', YEAR_5, '2025-10-06', 'AM', 'retired_code', /retired.*Use C .*or G /],
    ['J', YEAR_5, '2025-10-06', 'AM', 'retired_code', /retired.*Use J1/],
    ['Y', YEAR_5, '2025-10-06', 'AM', 'retired_code', /Y1 to Y7.*Q/],
    ['F', YEAR_5, '2025-10-06', 'AM', 'retired_code', /retired.*Use G/],
    ['$', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /"\$" is not a national attendance code\. Choose/],
    ['Y8', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /not a national attendance code/],
    ['', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /not a national attendance code/],
    ['n', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /Did you mean N\?/],
    ['m ', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /Did you mean M\?/],
    ['y4', YEAR_5, '2025-10-06', 'AM', 'unknown_code', /Did you mean Y4\?/],
    ['\\', YEAR_5, '2025-10-06', 'AM', 'wrong_present_symbol', /Present in the morning is written \/\. \\ is the afternoon mark\./],
    ['/', YEAR_5, '2025-10-06', 'PM', 'wrong_present_symbol', /Present in the afternoon is written \\\. \/ is the morning mark\./],
    ['X', YEAR_5, '2025-10-06', 'AM', 'compulsory_age_for_X', /compulsory school age on 6 October 2025/],
    ['X', RECEPTION, '2025-12-31', 'PM', 'compulsory_age_for_X', /31 December 2025/],
    ['C2', RECEPTION, '2025-10-06', 'AM', 'not_compulsory_age_for_C2', /not of compulsory school age on 6 October 2025.*X/],
    ['C2', RECEPTION, '2025-12-30', 'AM', 'not_compulsory_age_for_C2', /30 December 2025/],
    ['C2', SIXTH_FORM, '2025-10-06', 'AM', 'not_compulsory_age_for_C2', /not of compulsory school age/],
  ];

  it.each(refusals)('refuses %j (born %s, on %s %s): %s', (code, dateOfBirth, date, session, reason, message) => {
    const result = checkOfficeCode({ code, dateOfBirth, date, session });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it.each<[string, string, string, Session]>([
    ['/', YEAR_5, '2025-10-06', 'AM'],
    ['\\', YEAR_5, '2025-10-06', 'PM'],
    ['L', YEAR_5, '2025-10-06', 'PM'],
    ['N', YEAR_5, '2025-10-06', 'PM'],
    ['X', RECEPTION, '2025-10-06', 'AM'], // a rising-five not required to attend yet
    ['X', RECEPTION, '2025-12-30', 'AM'], // the last day before compulsory school age
    ['X', SIXTH_FORM, '2025-10-06', 'AM'],
    ['C2', RECEPTION, '2025-12-31', 'AM'], // the first day of compulsory school age
    ['C2', YEAR_5, '2025-10-06', 'PM'],
  ])('allows %j for a pupil born %s on %s %s', (code, dateOfBirth, date, session) => {
    expect(checkOfficeCode({ code, dateOfBirth, date, session })).toEqual({ ok: true, code });
  });

  it('gives every refusal a message', () => {
    for (const [code, dateOfBirth, date, session] of refusals) {
      const result = checkOfficeCode({ code, dateOfBirth, date, session });
      expect(result.ok ? '' : result.message.length).toBeGreaterThan(20);
    }
  });
});

describe('officeReplacementNeedsReason', () => {
  it.each<[string | null, string, boolean]>([
    [null, 'M', false], // filling an empty cell
    ['N', 'I', false], // resolving an N: the new code is the reason
    ['N', 'O', false],
    ['N', 'L', false],
    ['/', 'L', true], // a teacher's present mark is what they witnessed: amending it says why
    ['\\', 'U', true],
    ['/', 'M', true],
    ['/', 'N', true],
    ['/', '/', false],
    ['M', 'I', true], // changing the office's own decision
    ['I', 'O', true],
    ['L', 'U', true],
    ['U', 'M', true],
    ['O', 'I', true],
    ['V', '/', true],
    ['#', '/', true],
    ['H', 'C', true], // correcting an old record
    ['M', 'M', false], // nothing changes
    ['N', 'N', false],
  ])('from %j to %j needs a reason: %s', (oldCode, newCode, needsReason) => {
    expect(officeReplacementNeedsReason(oldCode, newCode)).toBe(needsReason);
  });
});
