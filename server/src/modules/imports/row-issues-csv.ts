import type { DataSource } from 'typeorm';
import { notFound } from '../../errors.js';
import { ImportRowIssueEntity } from './import-row-error.entity.js';
import { ImportRunEntity } from './import-run.entity.js';

const PAGE = 5_000;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The row issues of an import as CSV lines (`line,column,severity,rule,reason`), header first, in
 * line order. Pages through the table by its key, so a million issues never sit in memory at once.
 */
export async function* streamRowIssuesCsv(dataSource: DataSource, importId: number): AsyncGenerator<string> {
  if (!(await dataSource.getRepository(ImportRunEntity).existsBy({ id: importId }))) throw notFound('Import', importId);
  const repo = dataSource.getRepository(ImportRowIssueEntity);
  yield 'line,column,severity,rule,reason\n';
  let after = { line: 0, rule: '' };
  for (;;) {
    const page = await repo.createQueryBuilder('i')
      .where('i.importId = :importId', { importId })
      .andWhere('(i.line > :line OR (i.line = :line AND i.rule > :rule))', after)
      .orderBy('i.line', 'ASC').addOrderBy('i.rule', 'ASC').take(PAGE).getMany();
    if (page.length === 0) return;
    yield page.map((issue) => [issue.line, issue.column, issue.severity, issue.rule, issue.reason].map(csvField).join(',')).join('\n') + '\n';
    const last = page[page.length - 1];
    after = { line: last.line, rule: last.rule };
  }
}
