/**
 * Generated hostile values for the fuzz test (fuzz.test.ts): for every mutation type, its fields and what
 * kind of value each holds, and for each kind the values that must be refused there. The oracle is written
 * from the wire contract (docs/protocol.md, docs/office-api.md), not from the server's code.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

export type FieldKind = 'text' | 'longText' | 'date' | 'enum' | 'int' | 'instant' | 'textList' | 'dateList' | 'enumList' | 'intList';

export interface MutationSpec {
  /** Valid arguments (fresh ids each time). */
  args(ctx: { pupilId: string; today: string; now: number }): Record<string, unknown>;
  fields: Record<string, FieldKind>;
}

export const MUTATION_SPECS: Record<string, MutationSpec> = {
  'mark.set': {
    args: ({ pupilId, today }) => ({ pupilId, date: today, session: 'AM', mark: '/' }),
    fields: { pupilId: 'text', date: 'date', session: 'enum', mark: 'text' },
  },
  'pupil.here': {
    args: ({ pupilId, today }) => ({ pupilId, date: today, session: 'AM' }),
    fields: { pupilId: 'text', date: 'date', session: 'enum' },
  },
  'cover.add': {
    args: ({ today }) => ({ id: randomUUID(), staffId: 's-ta1', groupId: 'g1', startDate: today, endDate: today, sessions: ['AM'] }),
    fields: { id: 'text', staffId: 'text', groupId: 'text', startDate: 'date', endDate: 'date', sessions: 'enumList' },
  },
  'cover.remove': { args: () => ({ id: randomUUID() }), fields: { id: 'text' } },
  'code.set': {
    args: ({ pupilId, today }) => ({ pupilId, date: today, session: 'PM', code: 'L', reason: 'bus was late', minutesLate: 5 }),
    fields: { pupilId: 'text', date: 'date', session: 'enum', code: 'text', reason: 'text', minutesLate: 'int' },
  },
  'contact.record': {
    args: ({ pupilId, today }) => ({ id: randomUUID(), pupilId, date: today, method: 'phone', outcome: 'spoke to mum', code: 'I', sessions: ['PM'] }),
    fields: { id: 'text', pupilId: 'text', date: 'date', method: 'enum', outcome: 'text', code: 'text', sessions: 'enumList' },
  },
  'conflict.resolve': {
    args: () => ({ conflictId: randomUUID(), resolution: 'seen in class', code: 'I' }),
    fields: { conflictId: 'text', resolution: 'text', code: 'text' },
  },
  'pupil.signout': {
    args: ({ pupilId, now }) => ({ id: randomUUID(), pupilId, at: new Date(now - 60_000).toISOString(), reason: 'dentist' }),
    fields: { id: 'text', pupilId: 'text', at: 'instant', reason: 'text' },
  },
  'pupil.signin': {
    args: ({ pupilId, now }) => ({ id: randomUUID(), pupilId, at: new Date(now - 60_000).toISOString(), reason: 'back from dentist' }),
    fields: { id: 'text', pupilId: 'text', at: 'instant', reason: 'text' },
  },
  'absence.plan': {
    args: ({ pupilId }) => ({ id: randomUUID(), pupilIds: [pupilId], startDate: '2026-11-26', endDate: '2026-11-27', sessions: ['AM'], weekdays: [4, 5], code: 'M', note: 'dentist' }),
    fields: { id: 'text', pupilIds: 'textList', startDate: 'date', endDate: 'date', sessions: 'enumList', weekdays: 'intList', code: 'text', note: 'text' },
  },
  'code.bulk': {
    args: () => ({ id: randomUUID(), code: 'Y1', dates: ['2026-11-25'], sessions: ['AM'], groupId: 'g1', reason: 'snow' }),
    fields: { id: 'text', code: 'text', dates: 'dateList', sessions: 'enumList', groupId: 'text', reason: 'text' },
  },
  'alert.record': {
    args: ({ pupilId }) => ({ kind: 'lateness', pupilId, key: 'lateness:2026-11-16', action: 'no_action', note: 'Spoke to dad at the gate' }),
    fields: { kind: 'enum', pupilId: 'text', key: 'text', action: 'enum', note: 'longText' },
  },
};

/** A string with a NUL or a lone half of a UTF-16 pair somewhere in it: never storable. */
export const unstorableText = fc
  .tuple(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('\u0000', '\uD800x', 'x\uDC00', '\uDBFFx', 'x\uDFFF'), fc.string({ unit: 'grapheme', maxLength: 12 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Any JSON value nested deeper than any change of the app ever is (17 to 60 levels). */
export const tooDeep = fc.tuple(fc.integer({ min: 17, max: 60 }), fc.jsonValue({ maxDepth: 1 })).map(([depth, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { deeper: value };
  return value;
});

/** Written YYYY-MM-DD, but no calendar has them. */
export const impossibleDate = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-02-29', '2026-13-01', '0000-01-01', '2026-04-31', '2026-00-10', '2026-11-00', '2026-11-32', '9999-99-99'),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 13, max: 99 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${m}-${String(d).padStart(2, '0')}`),
);

const notAString = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }));
const notANumber = fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.constant([1]), fc.constant({ n: 1 }));

/** A value that must be refused wherever it is put: in any field, or in an unknown extra field. */
export const refusedAnywhere = fc.oneof(unstorableText, tooDeep);

/** A value that must be refused in a field of this kind. */
export function refusedIn(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'text':
      // Every text field of every mutation is 500 characters at most (after trimming).
      return fc.oneof(refusedAnywhere, notAString, fc.integer({ min: 601, max: 700 }).map((n) => 'x'.repeat(n)));
    case 'longText':
      // A note (alert.record's) may run to 1,000 characters.
      return fc.oneof(refusedAnywhere, notAString, fc.integer({ min: 1001, max: 1100 }).map((n) => 'x'.repeat(n)));
    case 'date':
      return fc.oneof(refusedAnywhere, notAString, impossibleDate, fc.constantFrom('24/11/2026', '2026-11-24T00:00:00Z', '', ' 2026-11-24'));
    case 'enum':
      return fc.oneof(refusedAnywhere, notAString, fc.constantFrom('am', 'XX', '', 'constructor', '__proto__'));
    case 'int':
      return fc.oneof(refusedAnywhere, notANumber, fc.constantFrom(-1, 1.5, 1e308, -1e308, 601));
    case 'instant':
      return fc.oneof(refusedAnywhere, notAString, fc.constantFrom('yesterday', '2026-02-30T09:00:00Z', '2026-11-24', '2026-11-24T25:00:00Z'));
    case 'textList':
      return fc.oneof(refusedAnywhere, notAnArray(), fc.oneof(unstorableText, notAString).map((v) => ['p1', v]));
    case 'dateList':
      return fc.oneof(refusedAnywhere, notAnArray(), fc.oneof(impossibleDate, unstorableText, notAString).map((v) => ['2026-11-25', v]));
    case 'enumList':
      return fc.oneof(refusedAnywhere, notAnArray(), fc.constantFrom<unknown[]>([], ['XX'], ['AM', null], ['AM', 'PM', 'AM']));
    case 'intList':
      return fc.oneof(refusedAnywhere, notAnArray(), fc.constantFrom<unknown[]>([], [0], [6], [1.5], ['1'], [1e308]));
  }
}

function notAnArray() {
  return fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.constant({ 0: 'p1' }));
}

/** Names a device must never be able to reach a handler with. */
export const unknownType = fc.oneof(
  fc.constantFrom('constructor', 'valueOf', '__proto__', 'toString', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString', 'mark.set ', 'MARK.SET'),
  fc.string({ minLength: 1, maxLength: 64 }).filter((t) => !(t in MUTATION_SPECS)),
);

/** The fuzz test pushes a mark with this id first, so sending it again is a reused id. */
export const USED_MUTATION_ID = 'fuzz-already-used-0001';

/** Fields of the mutation itself, and values that must be refused there. */
export const refusedMutationField: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof(refusedAnywhere, notAString, fc.constantFrom('short', 'x'.repeat(65), '', USED_MUTATION_ID)),
  type: fc.oneof(refusedAnywhere, notAString, unknownType),
  observedAt: fc.oneof(refusedAnywhere, notAString, fc.constantFrom('yesterday', '2026-02-30T09:00:00Z', '2026-11-24', '1e308', '')),
  clockOffsetMs: fc.oneof(refusedAnywhere, notANumber),
  args: fc.oneof(refusedAnywhere, fc.constantFrom('args', 42, null, true, [])),
};

/** Values a device may send that are odd but must be applied or refused cleanly (never a 5xx, never `retry`). */
export const oddButAllowed = {
  clockOffsetMs: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1e308, 1e308, -Number.MAX_VALUE, Number.MAX_VALUE, 8.64e15, -8.64e15, 0)),
  observedAt: fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', '2026-11-24T09:04:00+14:00', '2026-11-24T09:04:00-12:00'),
  at: fc.constantFrom('0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-11-24T09:04:00+14:00'),
  junk: fc.jsonValue({ maxDepth: 5 }),
};
