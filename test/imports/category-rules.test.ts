// Categorisation rules through the API: validated patterns, preview counts, apply, and re-apply after an import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportRun, executeImport } from '../../server/src/modules/imports/index.js';
import { TEST_DIALECTS } from '../helpers/db.js';
import { tempDir } from '../helpers/imports.js';
import { toCsv } from '../helpers/order-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ADD = `mutation($input: AddCategoryRuleInput!) { addCategoryRule(input: $input) { id matchKind pattern categoryPath priority } }`;
const PREVIEW = `{ previewCategoryRules { considered unmatched cleared changed rules { ruleId matched changes } } }`;
const APPLY = `mutation { applyCategoryRules { considered unmatched cleared changed rules { ruleId matched changes } } }`;

describe.each(TEST_DIALECTS)('categorisation rules on %s', (dialect) => {
  let server: TestServer;
  const files = tempDir();
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const products: Array<[string, string, string | null, string | null]> = [
      ['P1', 'Blue ceramic MUG', null, null], ['P2', 'Red mug large', null, null], ['P3', 'Regency cakestand', null, null],
      ['P4', 'Mug tree', 'Garden', 'catalogue'], ['P5', 'Lantern', null, null], ['P6', 'Mugshot frame', null, null],
    ];
    for (const [code, description, category, source] of products) {
      await server.app.dataSource.query('INSERT INTO products (stock_code, description, category, category_path, category_source, is_merchandise) VALUES (?, ?, ?, ?, ?, 1)', [code, description, category, category, source]);
    }
  });
  afterAll(async () => { await server?.stop(); files.remove(); });

  const categories = async () => Object.fromEntries((await server.app.dataSource.query('SELECT stock_code, category, category_path, category_source FROM products ORDER BY stock_code'))
    .map((r: Record<string, unknown>) => [r.stock_code, r.category_path === null ? null : `${r.category}|${r.category_path}|${r.category_source}`]));

  it('refuses bad and risky patterns with a clear error, and lets only marketers and admins add rules', async () => {
    for (const [pattern, message] of [['(a+)+b', /nests a quantifier/], ['(\\w*)*$', /nests a quantifier/], ['[unclosed', /Not a valid regular expression/], ['(x)\\1', /Backreferences/], ['x'.repeat(201), /longer than 200/]] as const) {
      const res = await server.as.admin.gql(ADD, { input: { matchKind: 'regex', pattern, categoryPath: 'Home' } });
      if (pattern.length > 200) { expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); continue; } // the input bound answers first
      expect(res.errors?.[0]?.message).toMatch(message);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const badPath = await server.as.admin.gql(ADD, { input: { matchKind: 'keyword', pattern: 'mug', categoryPath: 'Home >  > Mugs' } });
    expect(badPath.errors?.[0]?.message).toMatch(/empty level/);
    const analyst = await server.as.analyst.gql(ADD, { input: { matchKind: 'keyword', pattern: 'mug', categoryPath: 'Home' } });
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await server.as.analyst.gql('{ categoryRules { id } }');
    expect(list.data?.categoryRules).toEqual([]);
  });

  it('previews counts without changing anything, applies them, never over a catalogue category, and re-applies after an import', async () => {
    const mug = (await server.as.marketer.gql(ADD, { input: { matchKind: 'keyword', pattern: 'mug', categoryPath: 'Home>Kitchen > Mugs' } })).data!.addCategoryRule;
    expect(mug).toMatchObject({ categoryPath: 'Home > Kitchen > Mugs', priority: 0 });
    const cake = (await server.as.marketer.gql(ADD, { input: { matchKind: 'regex', pattern: 'cake\\s*stand', categoryPath: 'Home > Kitchen', priority: 5 } })).data!.addCategoryRule;
    const red = (await server.as.marketer.gql(ADD, { input: { matchKind: 'keyword', pattern: 'red', categoryPath: 'Colours', priority: 10 } })).data!.addCategoryRule;
    const order = (await server.as.analyst.gql('{ categoryRules { id } }')).data!.categoryRules.map((r: { id: string }) => r.id);
    expect(order).toEqual([red.id, cake.id, mug.id]);

    const before = await categories();
    const preview = (await server.as.analyst.gql(PREVIEW)).data!.previewCategoryRules;
    // P4 has a catalogue category: not considered. P2 matches "red" first; P6 "Mugshot" is not the word "mug".
    expect(preview).toEqual({ considered: 5, unmatched: 2, cleared: 0, changed: 3, rules: [
      { ruleId: red.id, matched: 1, changes: 1 }, { ruleId: cake.id, matched: 1, changes: 1 }, { ruleId: mug.id, matched: 1, changes: 1 },
    ] });
    expect(await categories()).toEqual(before);

    const applied = (await server.as.marketer.gql(APPLY)).data!.applyCategoryRules;
    expect(applied).toEqual(preview);
    expect(await categories()).toEqual({
      P1: 'Home|Home > Kitchen > Mugs|rule', P2: 'Colours|Colours|rule', P3: 'Home|Home > Kitchen|rule', P4: 'Garden|Garden|catalogue', P5: null, P6: null,
    });
    expect((await server.as.analyst.gql(PREVIEW)).data!.previewCategoryRules.changed).toBe(0);

    // Removing the "red" rule hands P2 to the next rule that matches.
    expect((await server.as.marketer.gql(`mutation { deleteCategoryRule(id: "${red.id}") }`)).data!.deleteCategoryRule).toBe(true);
    expect((await server.as.marketer.gql(APPLY)).data!.applyCategoryRules.changed).toBe(1);
    expect((await categories()).P2).toBe('Home|Home > Kitchen > Mugs|rule');

    // A new product from an orders file takes its category from the stored rules.
    const file = files.write('orders.csv', toCsv([
      ['invoice_no', 'stock_code', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'],
      ['536365', 'NEW1', 'GREEN MUG', '6', '2010-12-01 08:26', '2.55', '17850', 'United Kingdom'],
    ]));
    const run = await createImportRun(server.app.dataSource, { kind: 'orders', filePath: file }, server.config);
    await executeImport(server.app.dataSource, run.id, { config: server.config });
    expect((await categories()).NEW1).toBe('Home|Home > Kitchen > Mugs|rule');
  });
});
