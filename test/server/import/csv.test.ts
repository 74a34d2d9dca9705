import { describe, expect, it } from 'vitest';
import { headerKey, readCsv } from '../../../src/server/import/csv';

describe('reading a CSV as MIS exports write it', () => {
  it('reads UTF-8 with a BOM and CRLF line ends', () => {
    const t = readCsv('\uFEFFSurname,Forename\r\nZając,Zoë\r\nO\'Brien,Seán\r\n');
    expect(t.headers).toEqual(['Surname', 'Forename']);
    expect(t.rows).toEqual([
      { row: 2, cells: ['Zając', 'Zoë'] },
      { row: 3, cells: ["O'Brien", 'Seán'] },
    ]);
  });

  it('keeps commas, quotes and line breaks inside quoted fields, and numbers rows as a spreadsheet does', () => {
    const t = readCsv('Name,Note\n"Smith, Ava","She said ""hi""\nand left"\n\nJones,plain\n');
    expect(t.rows).toEqual([
      { row: 2, cells: ['Smith, Ava', 'She said "hi"\nand left'] },
      { row: 4, cells: ['Jones', 'plain'] },
    ]);
    expect(t.problems).toEqual([]);
  });

  it('reads LF files and trims cells', () => {
    expect(readCsv('A,B\n 1 , 2\n').rows).toEqual([{ row: 2, cells: ['1', '2'] }]);
  });

  it('says when a quote is never closed', () => {
    expect(readCsv('A,B\n"open,2\n').problems.length).toBeGreaterThan(0);
  });

  it('compares headers without case, spaces or punctuation', () => {
    expect(headerKey(' Date of Birth ')).toBe('dateofbirth');
    expect(headerKey('Reg_Group')).toBe('reggroup');
  });
});
