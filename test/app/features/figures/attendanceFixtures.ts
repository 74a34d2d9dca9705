/** Hand-made answers of GET /api/office/attendance for the Attendance screen's tests (figures worked by hand). */
import type { AttendanceResponse, AttendanceTotals, PupilAttendance } from '../../../../src/protocol/officeFigures';

export function pupil(id: string, yearGroup: number | null, groupName: string | null, counts: { possible: number; present: number; aea?: number; authorised: number; unauthorised: number }): PupilAttendance {
  const aea = counts.aea ?? 0;
  const absence = counts.authorised + counts.unauthorised;
  const absencePercent = counts.possible ? (absence / counts.possible) * 100 : null;
  return {
    pupilId: id, name: `Pupil ${id}`, groupId: groupName ? `g-${groupName}` : null, groupName, yearGroup,
    possible: counts.possible, present: counts.present, aea, authorised: counts.authorised, unauthorised: counts.unauthorised, unmarked: 0,
    attendancePercent: counts.possible ? ((counts.present + aea) / counts.possible) * 100 : null, absencePercent,
    persistentAbsence: absencePercent !== null && absencePercent >= 10, severeAbsence: absencePercent !== null && absencePercent >= 50, band: null,
  };
}

export function totalsOf(pupils: PupilAttendance[]): AttendanceTotals {
  const sum = (f: (p: PupilAttendance) => number) => pupils.reduce((n, p) => n + f(p), 0);
  const possible = sum((p) => p.possible);
  const attending = sum((p) => p.present + p.aea);
  const absent = sum((p) => p.authorised + p.unauthorised);
  return {
    pupils: pupils.length, possible, present: sum((p) => p.present), aea: sum((p) => p.aea), authorised: sum((p) => p.authorised),
    unauthorised: sum((p) => p.unauthorised), unmarked: sum((p) => p.unmarked),
    attendancePercent: possible ? (attending / possible) * 100 : null, absencePercent: possible ? (absent / possible) * 100 : null,
    persistentAbsence: pupils.filter((p) => p.persistentAbsence).length, severeAbsence: pupils.filter((p) => p.severeAbsence).length,
  };
}

/**
 * The year so far (1 Sep to 24 Nov 2026): 867 of 1,000 sessions attended, 86.7%; absence 133, 13.3%; pupil d
 * absent 104 of 200 (52%: persistently and severely). By year group: Reception 380/400 = 95.0%, Year 1
 * 292/400 = 73.0%, Year 2 195/200 = 97.5%. By class: 1 Oak 73.0%, 2 Pine 97.5%, R Ash 95.0%, R Elm 95.0%.
 */
export const yearPupils = [
  pupil('a', 0, 'R Ash', { possible: 200, present: 190, authorised: 10, unauthorised: 0 }),
  pupil('b', 0, 'R Elm', { possible: 200, present: 188, aea: 2, authorised: 6, unauthorised: 4 }),
  pupil('c', 1, '1 Oak', { possible: 200, present: 196, authorised: 4, unauthorised: 0 }),
  pupil('d', 1, '1 Oak', { possible: 200, present: 96, authorised: 40, unauthorised: 64 }),
  pupil('e', 2, '2 Pine', { possible: 200, present: 195, authorised: 5, unauthorised: 0 }),
];

export function answer(from: string, to: string, pupils: PupilAttendance[], extra: Partial<AttendanceResponse> = {}): AttendanceResponse {
  return { from, to, pupils, term: null, totals: totalsOf(pupils), ...extra };
}
