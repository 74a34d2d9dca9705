import { describe, expect, it } from 'vitest';
import { describeUpnProblem, normaliseUpn, upnCheckLetter, upnProblem } from '../../src/domain/upn';

describe('UPN check letters', () => {
  it.each([
    ['B801200005001', null],
    ['A801200005001', 'check_letter'],
    ['b801 2000 05001', null],
    ['B80120000500', 'format'],
    ['1801200005001', 'format'],
    ['B8012000050011', 'format'],
    ['B80120000500I', 'format'],
  ])('%s → %s', (text, problem) => {
    expect(upnProblem(normaliseUpn(text))).toBe(problem);
  });

  it('computes the check letter by the weighted sum modulo 23', () => {
    // 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 + 1*13 = 93; 93 mod 23 = 1 → B
    expect(upnCheckLetter('801200005001')).toBe('B');
  });

  it('counts a temporary UPN’s final letter by its place in the check alphabet', () => {
    // Final 'A' counts 0 in place of the digit 1: 93 - 13 = 80; 80 mod 23 = 11 → M
    expect(upnCheckLetter('80120000500A')).toBe('M');
    expect(upnProblem('M80120000500A')).toBeNull();
  });

  it('says what is wrong in words', () => {
    expect(describeUpnProblem('A801200005001')).toMatch(/should start with B/);
    expect(describeUpnProblem('B801200005001')).toBeNull();
  });
});
