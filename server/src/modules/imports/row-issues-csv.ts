import type { DataSource } from 'typeorm';
import { notFound } from '../../errors.js';
import { ImportRowIssueEntity } from './import-row-error.entity.js';
import { ImportRunEntity } from './import-run.entity.js';
import { decodeSkippedLines } from './skipped-lines.js';
import type { RowIssue } from './import-tally.js';

const PAGE = 5_000;
/** Blocks per query: each holds up to a batch's lines (20,000 by default). */
const BLOCK_PAGE = 50;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** import_row_issues in (line, rule) order, paged by its key. */
async function* issueRows(dataSource: DataSource, importId: number): AsyncGenerator<RowIssue> {
  const repo = dataSource.getRepository(ImportRowIssueEntity);
  let after = { line: 0, rule: '' };
  for (;;) {
    const page = await repo.createQueryBuilder('i')
      .where('i.importId = :importId', { importId })
      .andWhere('(i.line > :line OR (i.line = :line AND i.rule > :rule))', after)
      .orderBy('i.line', 'ASC').addOrderBy('i.rule', 'ASC').take(PAGE).getMany();
    for (const issue of page) yield { line: issue.line, column: issue.column, severity: issue.severity as RowIssue['severity'], rule: issue.rule, reason: issue.reason };
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = { line: last.line, rule: last.rule };
  }
}

interface BlockRow { first_line: number | string; rule: string; column_name: string | null; reason: string; line_deltas: Uint8Array }

/**
 * The lines of import_skipped_lines in line order. Blocks of one batch (one per rule) overlap in
 * their line ranges, so the open blocks are merged; a block opens once the merge reaches its first line.
 */
async function* skippedRows(dataSource: DataSource, importId: number): AsyncGenerator<RowIssue> {
  const pending: BlockRow[] = [];
  let after = 0;
  let exhausted = false;
  const nextBlock = async (): Promise<BlockRow | null> => {
    if (pending.length === 0 && !exhausted) {
      const page: BlockRow[] = await dataSource.query(
        `SELECT first_line, rule, column_name, reason, line_deltas FROM import_skipped_lines WHERE import_id = ? AND first_line > ? ORDER BY first_line LIMIT ${BLOCK_PAGE}`,
        [importId, after],
      );
      if (page.length < BLOCK_PAGE) exhausted = true;
      if (page.length > 0) after = Number(page[page.length - 1].first_line);
      pending.push(...page);
    }
    return pending.shift() ?? null;
  };
  interface Cursor { block: BlockRow; lines: Generator<number>; line: number }
  const open: Cursor[] = [];
  const openBlock = (block: BlockRow) => {
    const lines = decodeSkippedLines(Number(block.first_line), block.line_deltas);
    open.push({ block, lines, line: lines.next().value as number });
  };
  let next = await nextBlock();
  while (open.length > 0 || next !== null) {
    let min = -1;
    for (let i = 0; i < open.length; i++) if (min === -1 || open[i].line < open[min].line) min = i;
    if (next !== null && (min === -1 || Number(next.first_line) <= open[min].line)) {
      openBlock(next);
      next = await nextBlock();
      continue;
    }
    const cursor = open[min];
    yield { line: cursor.line, column: cursor.block.column_name, severity: 'skipped', rule: cursor.block.rule, reason: cursor.block.reason };
    const advanced = cursor.lines.next();
    if (advanced.done) open.splice(min, 1);
    else cursor.line = advanced.value;
  }
}

/** Two sorted streams as one, by (line, rule). */
async function* mergeByLine(a: AsyncGenerator<RowIssue>, b: AsyncGenerator<RowIssue>): AsyncGenerator<RowIssue> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    const takeX = y.done || (!x.done && (x.value.line < y.value.line || (x.value.line === y.value.line && x.value.rule <= y.value.rule)));
    if (takeX) {
      yield x.value as RowIssue;
      x = await a.next();
    } else {
      yield y.value as RowIssue;
      y = await b.next();
    }
  }
}

/**
 * The row issues of an import as CSV lines (`line,column,severity,rule,reason`), header first, in
 * line order: rejected rows (and skips written before import_skipped_lines existed) from
 * import_row_issues, merged with the skipped lines' blocks. Both are read a page at a time, so a
 * million issues never sit in memory at once.
 */
export async function* streamRowIssuesCsv(dataSource: DataSource, importId: number): AsyncGenerator<string> {
  if (!(await dataSource.getRepository(ImportRunEntity).existsBy({ id: importId }))) throw notFound('Import', importId);
  yield 'line,column,severity,rule,reason\n';
  let chunk: string[] = [];
  for await (const issue of mergeByLine(issueRows(dataSource, importId), skippedRows(dataSource, importId))) {
    chunk.push([issue.line, issue.column, issue.severity, issue.rule, issue.reason].map(csvField).join(','));
    if (chunk.length === PAGE) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}
