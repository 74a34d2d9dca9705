import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/server/import/csv';
import { recogniseHeaders } from '../../../src/server/import/pupilColumns';
import { readPupilRows } from '../../../src/server/import/pupilRows';
import { planPupilImport, type ExistingPupil, type ImportState } from '../../../src/server/import/pupilImportPlan';
import { planPlacement } from '../../../src/server/import/pupilPlacement';
import { cellText, readDate, readFlag, readGender, readSenStatus, readYear } from '../../../src/server/import/pupilValues';

describe('reading cells', () => {
  it('reads dates as DD/MM/YYYY or YYYY-MM-DD and refuses impossible ones', () => {
    expect(readDate('05/03/2019')).toEqual({ ok: true, value: '2019-03-05' });
    expect(readDate('5/3/2019')).toEqual({ ok: true, value: '2019-03-05' });
    expect(readDate('2019-03-05')).toEqual({ ok: true, value: '2019-03-05' });
    expect(readDate('29/02/2019').ok).toBe(false);
    expect(readDate('03-05-2019').ok).toBe(false);
  });
  it('reads flags, SEN status, gender and NC year', () => {
    for (const yes of ['Y', 'yes', 'TRUE', '1']) expect(readFlag(yes)).toEqual({ ok: true, value: true });
    for (const no of ['N', 'No', 'false', '0', '']) expect(readFlag(no)).toEqual({ ok: true, value: false });
    expect(readFlag('maybe').ok).toBe(false);
    expect(readSenStatus('SEN Support')).toEqual({ ok: true, value: 'K' });
    expect(readSenStatus('EHC Plan')).toEqual({ ok: true, value: 'E' });
    expect(readSenStatus('N')).toEqual({ ok: true, value: 'none' });
    expect(readSenStatus('Q').ok).toBe(false);
    expect(readGender('Female')).toEqual({ ok: true, value: 'F' });
    expect(readGender('x')).toEqual({ ok: true, value: 'X' });
    expect(readGender('Q').ok).toBe(false);
    expect(readYear('R')).toEqual({ ok: true, value: 0 });
    expect(readYear('Year 4')).toEqual({ ok: true, value: 4 });
    expect(readYear('N1')).toEqual({ ok: true, value: -2 });
    expect(readYear('15').ok).toBe(false);
  });
  it('takes off the apostrophe the export puts before formula-like text', () => {
    expect(cellText("'+44 7700")).toBe('+44 7700');
    expect(cellText("O'Brien")).toBe("O'Brien");
  });
});

describe('headers', () => {
  it('recognises headers case- and space-insensitively and lists the missing ones', () => {
    expect(recogniseHeaders(['D.O.B']).index).toEqual({ dateOfBirth: 0 });
    const h = recogniseHeaders(['legal surname', 'FIRST NAME', 'Birthday', 'Registration Form', 'contact 2 phone', 'Colour']);
    expect(h.index).toMatchObject({ surname: 0, forename: 1, regGroup: 3, contact2Phone: 4 });
    expect(h.missing.map((m) => m.column)).toEqual(['Date of Birth']);
    expect(h.unknown).toEqual([{ index: 2, header: 'Birthday' }, { index: 5, header: 'Colour' }]);
  });
});

const pupil = (over: Partial<ExistingPupil> = {}): ExistingPupil => ({
  id: 'p1', upn: null, firstName: 'Ava', lastName: 'Smith', preferredName: null, preferredSurname: null, dateOfBirth: '2019-03-05',
  gender: 'F', senStatus: 'none', fsm: false, eal: false, lookedAfter: false, childProtection: false, yearGroup: null, contacts: [],
  enrolment: { startDate: '2026-09-01', endDate: null }, memberships: [{ groupId: 'g2', startDate: '2026-09-01', endDate: null }], ...over,
});

function plan(csv: string, state: Partial<ImportState> = {}) {
  const table = readCsv(csv);
  const headers = recogniseHeaders(table.headers);
  const read = readPupilRows(table, headers);
  let n = 0;
  return { read, plan: planPupilImport(read.rows, headers, { today: '2026-11-24', groups: [{ id: 'g2', name: 'Year 2 Ash', yearGroup: 2 }], pupils: [pupil()], ...state }, () => `new${++n}`) };
}

describe('the plan', () => {
  it('matches by name and date of birth case-insensitively, and a same row is unchanged', () => {
    const { plan: p } = plan('Surname,Forename,DOB,Class\nSMITH,ava,05/03/2019,year 2 ash\n');
    expect(p.updated).toBe(1); // the names' case is the file's
    expect(plan('Surname,Forename,DOB,Class\nSmith,Ava,05/03/2019,Year 2 Ash\n').plan.unchanged).toBe(1);
  });
  it('creates a class once with the year from the file, and new pupils from their admission date', () => {
    const { plan: p } = plan('Surname,Forename,DOB,Year,Class,Admission Date\nA,B,01/01/2018,3,Year 3 Oak,01/10/2026\nC,D,01/02/2018,3,Year 3 Oak,\n');
    expect(p.newGroups).toEqual([{ id: 'new1', name: 'Year 3 Oak', yearGroup: 3 }]);
    expect(p.creates.map((c) => [c.groupId, c.startDate, c.yearGroup])).toEqual([['new1', '2026-10-01', null], ['new1', '2026-11-24', null]]);
  });
  it('finds two rows for one pupil, and a UPN twice', () => {
    const { plan: p } = plan('Surname,Forename,DOB,Class\nSmith,Ava,05/03/2019,Year 2 Ash\nSmith,Ava,05/03/2019,Year 2 Ash\n');
    expect(p.errors).toEqual([expect.objectContaining({ row: 3, message: expect.stringMatching(/same pupil as row 2/) })]);
  });
});

describe('placement', () => {
  const base = { enrolment: { startDate: '2026-09-01', endDate: null }, today: '2026-11-24', leavingDate: null, groupName: (id: string) => id };
  it('ends the old membership the day before the move and starts the new one on the move date', () => {
    const r = planPlacement({ ...base, memberships: [{ groupId: 'a', startDate: '2026-09-01', endDate: null }], targetGroupId: 'b', moveDate: '2026-11-24' });
    expect(r.updates).toEqual([{ groupId: 'a', startDate: '2026-09-01', endDate: '2026-11-23' }]);
    expect(r.inserts).toEqual([{ groupId: 'b', startDate: '2026-11-24', endDate: null }]);
  });
  it('changes the class of a membership starting on or after the move date instead of overlapping it', () => {
    const r = planPlacement({ ...base, memberships: [{ groupId: 'a', startDate: '2026-09-01', endDate: '2026-11-30' }, { groupId: 'b', startDate: '2026-12-01', endDate: null }], targetGroupId: 'c', moveDate: '2026-11-24' });
    expect(r.inserts).toEqual([]);
    expect(r.updates).toEqual([{ groupId: 'c', startDate: '2026-12-01', endDate: null }]);
  });
  it('a leaving date ends the enrolment and the latest membership on that date; before joining is an error', () => {
    const r = planPlacement({ ...base, memberships: [{ groupId: 'a', startDate: '2026-09-01', endDate: null }], targetGroupId: 'a', moveDate: '2026-11-24', leavingDate: '2026-12-18' });
    expect(r.enrolmentEnd).toEqual({ startDate: '2026-09-01', endDate: '2026-12-18' });
    expect(r.updates).toEqual([{ groupId: 'a', startDate: '2026-09-01', endDate: '2026-12-18' }]);
    const bad = planPlacement({ ...base, memberships: [{ groupId: 'a', startDate: '2026-09-01', endDate: null }], targetGroupId: 'a', moveDate: '2026-11-24', leavingDate: '2026-08-01' });
    expect(bad.problems).toHaveLength(1);
  });
});
