// The import's CSV splitter against csv-parse (the reader it replaced) on tricky inputs, fed in
// every chunking, and on the whole Online Retail file.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, type CsvRecord } from '../../server/src/modules/imports/index.js';
import { ONLINE_RETAIL_GZ } from '../helpers/imports.js';

function split(text: string, delimiter: string, chunkSize: number): CsvRecord[] {
  const splitter = new CsvRecordSplitter(delimiter);
  const records: CsvRecord[] = [];
  for (let at = 0; at < text.length; at += chunkSize) records.push(...splitter.push(text.slice(at, at + chunkSize)));
  records.push(...splitter.end());
  return records;
}

const reference = (text: string, delimiter: string): string[][] => parse(text, { delimiter, relax_column_count: true, relax_quotes: true });

const CASES: Array<[string, string]> = [
  ['plain', 'a,b,c\n1,2,3\n'],
  ['no final newline', 'a,b\n1,2'],
  ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
  ['quoted delimiters, quotes and newlines', 'a,b,c\n"x, y","say ""hi""","two\nlines"\n4,5,6\n'],
  ['quoted CRLF newline', 'a,b\r\n"one\r\ntwo",2\r\n3,4\r\n'],
  ['stray quote in an unquoted field', 'a,b\n5" pipe,2\nx"y"z,3\n'],
  ['empty fields and an empty quoted field', 'a,b,c\n,,\n"",x,\n'],
  ['blank lines', 'a,b\n\n1,2\n\n'],
  ['ragged rows', 'a,b,c\n1,2\n1,2,3,4\n'],
  ['quoted field at the very end', 'a,b\n1,"end"'],
  ['semicolons', 'a;b\n"1;5";2,5\n'],
  ['tabs', 'a\tb\n1\t"x\ty"\n'],
];

describe('CSV record splitter', () => {
  for (const [name, text] of CASES) {
    it(`splits like csv-parse: ${name}`, () => {
      const delimiter = name === 'semicolons' ? ';' : name === 'tabs' ? '\t' : ',';
      const expected = reference(text, delimiter);
      for (const chunkSize of [1, 2, 3, 5, 7, text.length]) {
        expect(split(text, delimiter, chunkSize).map((r) => r.values), `chunks of ${chunkSize}`).toEqual(expected);
      }
    });
  }

  it('numbers records by the physical line they start on', () => {
    const records = split('a,b\r\n"x\r\ny",1\r\n\r\n"p\nq\nr",2\n3,4', ',', 3);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5, 8]);
  });

  it('fails on an unclosed quote and on text after a closing quote, with the line', () => {
    expect(() => split('a,b\n1,2\n"open,3\n4,5\n', ',', 4)).toThrow(expect.objectContaining({ code: 'CSV_QUOTE_NOT_CLOSED', lines: 3 }));
    expect(() => split('a,b\n"x"y,2\n', ',', 4)).toThrow(expect.objectContaining({ code: 'CSV_INVALID_CLOSING_QUOTE', lines: 2 }));
  });

  it('reads Online Retail exactly as csv-parse does', () => {
    const text = zlib.gunzipSync(fs.readFileSync(ONLINE_RETAIL_GZ)).toString('utf8');
    const ours = split(text, ',', 65_536);
    const theirs = reference(text, ',');
    expect(ours.length).toBe(theirs.length);
    const mismatch = ours.findIndex((record, i) => JSON.stringify(record.values) !== JSON.stringify(theirs[i]));
    expect(mismatch).toBe(-1);
  }, 60_000);
});
