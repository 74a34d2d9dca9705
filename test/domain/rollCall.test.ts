import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/domain/codes';
import { currentRegisterSession, rollCallPlace, type RollCallPlace, type SiteEntryKind } from '../../src/domain/rollCall';

describe('rollCallPlace', () => {
  // [what happens, current session, AM code, PM code, signing-out book, where the roll call puts the pupil]
  const cases: Array<[string, Session | null, string | null, string | null, SiteEntryKind | null, RollCallPlace]> = [
    ['morning register not taken yet', 'AM', null, null, null, { where: 'unaccounted' }],
    ['present this morning', 'AM', '/', null, null, { where: 'on site', by: 'register' }],
    ['late, before the register closed', 'AM', 'L', null, null, { where: 'on site', by: 'register' }],
    ['U: arrived after the register closed, on site', 'AM', 'U', null, null, { where: 'on site', by: 'register' }],
    ['N: absent, reason not known', 'AM', 'N', null, null, { where: 'away' }],
    ['an appointment the office entered ahead', 'AM', 'M', null, null, { where: 'away' }],
    ['a trip', 'AM', 'V', null, null, { where: 'away' }],
    ['unmarked, but signed in at breakfast club', 'AM', null, null, 'signin', { where: 'on site', by: 'signed in' }],
    ['unmarked and signed out', 'AM', null, null, 'signout', { where: 'signed out' }],
    ['present, then signed out', 'AM', '/', null, 'signout', { where: 'signed out' }],
    ['absent, then signed in', 'AM', 'N', null, 'signin', { where: 'on site', by: 'signed in' }],
    ['afternoon not taken, here this morning', 'PM', '/', null, null, { where: 'on site', by: 'morning register' }],
    ['afternoon not taken, U this morning', 'PM', 'U', null, null, { where: 'on site', by: 'morning register' }],
    ['afternoon not taken, absent this morning', 'PM', 'N', null, null, { where: 'away' }],
    ['afternoon not taken, no mark this morning either', 'PM', null, null, null, { where: 'unaccounted' }],
    ['afternoon present', 'PM', 'N', '\\', null, { where: 'on site', by: 'register' }],
    ['here this morning, afternoon appointment', 'PM', '/', 'M', null, { where: 'away' }],
    ['before the afternoon register opens, its code is not read', 'AM', 'N', '\\', null, { where: 'away' }],
    ['not a school day: nobody expected', null, null, null, null, { where: 'away' }],
    ['not a school day, signed in', null, null, null, 'signin', { where: 'on site', by: 'signed in' }],
  ];

  it.each(cases)('%s', (_what, currentSession, am, pm, siteEntry, place) => {
    const codes: Partial<Record<Session, string>> = {};
    if (am !== null) codes.AM = am;
    if (pm !== null) codes.PM = pm;
    expect(rollCallPlace({ currentSession, codes, siteEntry: siteEntry ?? undefined })).toEqual(place);
  });
});

describe('currentRegisterSession', () => {
  it('is the morning until the afternoon register opens, and none on a day that is not a school day', () => {
    expect(currentRegisterSession(true, false)).toBe('AM');
    expect(currentRegisterSession(true, true)).toBe('PM');
    expect(currentRegisterSession(false, true)).toBeNull();
  });
});
