/**
 * The four-week blocks of the attendance figures' tallies (blockTalliesRepository.ts): every school's blocks
 * start on the same Mondays, 28 days apart from Monday 1 January 1900, and a range of whole weeks reads from
 * blocks only the ones lying wholly inside it.
 */
import { describe, expect, it } from 'vitest';
import { blocksWithin, blockStartOf } from '../../../src/server/repositories/blockTalliesRepository.js';

describe('blockStartOf', () => {
  it.each([
    ['1900-01-01', '1900-01-01'],
    ['1900-01-22', '1900-01-01'],
    ['1900-01-29', '1900-01-29'],
    ['2026-08-24', '2026-08-24'],
    ['2026-08-31', '2026-08-24'],
    ['2026-09-14', '2026-08-24'],
    ['2026-09-21', '2026-09-21'],
    ['2026-10-05', '2026-09-21'],
    ['2026-12-28', '2026-12-14'],
    ['2027-01-04', '2026-12-14'],
    ['1899-12-25', '1899-12-04'],
  ])('the week of %s is in the block starting %s', (monday, block) => {
    expect(blockStartOf(monday)).toBe(block);
  });
});

describe('blocksWithin', () => {
  it.each([
    ['a block exactly', '2026-09-21', '2026-10-12', { fromBlock: '2026-09-21', toBlock: '2026-09-21' }],
    ['one week short of a block', '2026-09-21', '2026-10-05', null],
    ['starting a week into a block', '2026-09-28', '2026-10-12', null],
    ['the autumn term', '2026-09-07', '2026-12-14', { fromBlock: '2026-09-21', toBlock: '2026-11-16' }],
    ['two whole blocks and a week either side', '2026-09-14', '2026-11-16', { fromBlock: '2026-09-21', toBlock: '2026-10-19' }],
    ['a single week', '2026-09-21', '2026-09-21', null],
    ['an empty range', '2026-10-12', '2026-09-21', null],
  ])('%s (%s to %s)', (_label, firstWeek, lastWeek, blocks) => {
    expect(blocksWithin(firstWeek, lastWeek)).toEqual(blocks);
  });
});
