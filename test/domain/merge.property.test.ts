/**
 * The merge rule must be a join: whatever order marks arrive in, and however often each is repeated, every
 * device and the server end with the same cell.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  applyOfficeEntry,
  applyTeacherEntry,
  compareOfficeEntries,
  compareTeacherEntries,
  effectiveCode,
  EMPTY_CELL,
  mergeCells,
  type CellState,
  type OfficeEntry,
  type TeacherEntry,
} from '../../src/domain/merge';

type Delivery = { kind: 'teacher'; entry: TeacherEntry } | { kind: 'office'; entry: OfficeEntry };

// Small value ranges on purpose, so that ties in time, device and version happen often.
const teacherEntry: fc.Arbitrary<TeacherEntry> = fc.record({
  code: fc.constantFrom('/' as const, '\\' as const, 'N' as const),
  observedAt: fc.integer({ min: 0, max: 5 }),
  deviceId: fc.constantFrom('tablet-a', 'tablet-b', 'tablet-c'),
  seq: fc.integer({ min: 1, max: 3 }),
  staffId: fc.constantFrom('teacher-1', 'ta-2'),
});

const officeEntry: fc.Arbitrary<OfficeEntry> = fc.record({
  code: fc.constantFrom('M', 'I', 'L', 'U', 'O', 'V', 'N', '/'),
  version: fc.integer({ min: 1, max: 4 }),
  staffId: fc.constantFrom('office-1', 'office-2'),
  eventId: fc.constantFrom('e1', 'e2', 'e3'),
});

const delivery: fc.Arbitrary<Delivery> = fc.oneof(
  teacherEntry.map((entry) => ({ kind: 'teacher' as const, entry })),
  officeEntry.map((entry) => ({ kind: 'office' as const, entry })),
);

function fold(deliveries: Delivery[], start: CellState = EMPTY_CELL): CellState {
  return deliveries.reduce(
    (cell, d) => (d.kind === 'teacher' ? applyTeacherEntry(cell, d.entry) : applyOfficeEntry(cell, d.entry)),
    start,
  );
}

/** The same deliveries, reordered, with some of them repeated. */
const reorderedWithRepeats = (deliveries: Delivery[]) =>
  fc
    .subarray(deliveries)
    .chain((repeats) => fc.shuffledSubarray([...deliveries, ...repeats], { minLength: deliveries.length + repeats.length }));

const deliveriesAndReordering = fc
  .array(delivery, { maxLength: 12 })
  .chain((deliveries) => fc.tuple(fc.constant(deliveries), reorderedWithRepeats(deliveries)));

describe('the merge rule is order-independent', () => {
  it('any permutation with any repeats gives the same cell and the same effective code', () => {
    fc.assert(
      fc.property(deliveriesAndReordering, ([deliveries, reordered]) => {
        const a = fold(deliveries);
        const b = fold(reordered);
        expect(b).toEqual(a);
        expect(effectiveCode(b)).toEqual(effectiveCode(a));
      }),
      { numRuns: 1000 },
    );
  });

  it('the winner is the greatest teacher entry and the greatest office entry, and office wins', () => {
    fc.assert(
      fc.property(fc.array(delivery, { maxLength: 12 }), (deliveries) => {
        const teachers = deliveries.flatMap((d) => (d.kind === 'teacher' ? [d.entry] : []));
        const offices = deliveries.flatMap((d) => (d.kind === 'office' ? [d.entry] : []));
        const bestTeacher = [...teachers].sort(compareTeacherEntries).at(-1) ?? null;
        const bestOffice = [...offices].sort(compareOfficeEntries).at(-1) ?? null;
        const cell = fold(deliveries);
        expect(cell.teacher).toEqual(bestTeacher);
        expect(cell.office).toEqual(bestOffice);
        const expected = bestOffice
          ? { code: bestOffice.code, source: 'office' }
          : bestTeacher
            ? { code: bestTeacher.code, source: 'teacher' }
            : null;
        expect(effectiveCode(cell)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('applying something already applied returns the very same object', () => {
    fc.assert(
      fc.property(fc.array(delivery, { minLength: 1, maxLength: 12 }), fc.nat(), (deliveries, pick) => {
        const cell = fold(deliveries);
        const again = deliveries[pick % deliveries.length];
        expect(fold([again], cell)).toBe(cell);
      }),
    );
  });

  it('mergeCells is commutative, associative and idempotent', () => {
    const cell = fc.array(delivery, { maxLength: 6 }).map((d) => fold(d));
    fc.assert(
      fc.property(cell, cell, cell, (a, b, c) => {
        expect(mergeCells(a, b)).toEqual(mergeCells(b, a));
        expect(mergeCells(mergeCells(a, b), c)).toEqual(mergeCells(a, mergeCells(b, c)));
        expect(mergeCells(a, a)).toBe(a);
      }),
      { numRuns: 500 },
    );
  });
});
