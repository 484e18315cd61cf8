// Categorisation rules: stored, previewed with counts, applied to products the catalogue left without a category.
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { CategoryRuleEntity } from './category-rule.entity.js';
import { compileRule, compileRules, firstMatch, normaliseCategoryPath, type CompiledRule, type RuleMatchKind } from './category-rule-matcher.js';

/** Products read per page, the most one run reads, and how long matching may take in all. */
const PAGE = 5_000;
export const RULE_ROW_CAP = 2_000_000;
export const RULE_TIME_CAP_MS = 20_000;

export interface RuleCount { ruleId: number; matched: number; changes: number }
export interface CategoryRulesOutcome {
  /** Products rules may set: no category from a catalogue. */
  considered: number;
  /** Per rule (highest priority first): products it is the first match of, and of those the ones whose category would change. */
  rules: RuleCount[];
  /** Products a rule had categorised and that no rule matches now: their category is cleared. */
  cleared: number;
  unmatched: number;
  /** Products whose category changed (apply) or would change (preview). */
  changed: number;
}

export async function listCategoryRules(dataSource: DataSource): Promise<CategoryRuleEntity[]> {
  return dataSource.getRepository(CategoryRuleEntity).find({ order: { priority: 'DESC', id: 'ASC' } });
}

export async function addCategoryRule(dataSource: DataSource, input: { matchKind: RuleMatchKind; pattern: string; categoryPath: string; priority: number }, actor: string | null): Promise<CategoryRuleEntity> {
  compileRule(input); // refuses a bad or risky pattern before it is stored
  const repo = dataSource.getRepository(CategoryRuleEntity);
  return repo.save(repo.create({
    matchKind: input.matchKind, pattern: input.pattern.trim(), categoryPath: normaliseCategoryPath(input.categoryPath).path,
    priority: input.priority, createdBy: actor?.slice(0, 64) ?? null, createdAt: new Date(),
  }));
}

export async function deleteCategoryRule(dataSource: DataSource, id: number): Promise<boolean> {
  const result = await dataSource.getRepository(CategoryRuleEntity).delete({ id });
  return (result.affected ?? 0) > 0;
}

interface Decision { id: number; rule: CompiledRule | null; was: string | null; wasSource: string | null }

/** Runs the rules over every product without a catalogue category, page by page, within the row and time caps. */
async function decide(dataSource: DataSource, rules: CompiledRule[], now: () => number): Promise<Decision[]> {
  const started = now();
  const decisions: Decision[] = [];
  let after = 0;
  for (;;) {
    const page: Array<{ id: number | string; description: string | null; category_path: string | null; category_source: string | null }> = await dataSource.query(
      `SELECT id, description, category_path, category_source FROM products
       WHERE id > ? AND (category_source IS NULL OR category_source = 'rule') ORDER BY id LIMIT ${PAGE}`, [after]);
    for (const row of page) {
      decisions.push({ id: Number(row.id), rule: firstMatch(rules, row.description), was: row.category_path, wasSource: row.category_source });
    }
    if (decisions.length > RULE_ROW_CAP) throw new AppError('CATEGORY_RULE_INVALID', `More than ${RULE_ROW_CAP} products to categorise in one run`);
    if (now() - started > RULE_TIME_CAP_MS) throw new AppError('CATEGORY_RULE_INVALID', `The rules took longer than ${RULE_TIME_CAP_MS / 1000} s; simplify the regular expressions`);
    if (page.length < PAGE) return decisions;
    after = Number(page[page.length - 1].id);
  }
}

function outcomeOf(rules: CompiledRule[], decisions: Decision[]): CategoryRulesOutcome {
  const counts = new Map(rules.map((rule): [number, RuleCount] => [rule.id, { ruleId: rule.id, matched: 0, changes: 0 }]));
  let cleared = 0;
  let unmatched = 0;
  for (const d of decisions) {
    if (!d.rule) {
      unmatched++;
      if (d.wasSource === 'rule') cleared++;
      continue;
    }
    const count = counts.get(d.rule.id)!;
    count.matched++;
    if (d.was !== d.rule.categoryPath || d.wasSource !== 'rule') count.changes++;
  }
  const rows = [...counts.values()];
  return { considered: decisions.length, rules: rows, cleared, unmatched, changed: cleared + rows.reduce((sum, r) => sum + r.changes, 0) };
}

/** What applying the stored rules would change, without changing it. */
export async function previewCategoryRules(dataSource: DataSource, now: () => number = Date.now): Promise<CategoryRulesOutcome> {
  const rules = compileRules(await listCategoryRules(dataSource));
  return outcomeOf(rules, await decide(dataSource, rules, now));
}

/**
 * Sets each product's category from the first rule that matches its description; a product a rule
 * categorised before and none matches now goes back to no category. A catalogue's category is never
 * touched. Runs after every orders or products import too, so new products get their category.
 */
export async function applyCategoryRules(dataSource: DataSource, now: () => number = Date.now): Promise<CategoryRulesOutcome> {
  const rules = compileRules(await listCategoryRules(dataSource));
  const decisions = await decide(dataSource, rules, now);
  const outcome = outcomeOf(rules, decisions);
  const byRule = new Map<CompiledRule, number[]>();
  const toClear: number[] = [];
  for (const d of decisions) {
    if (!d.rule) { if (d.wasSource === 'rule') toClear.push(d.id); continue; }
    if (d.was === d.rule.categoryPath && d.wasSource === 'rule') continue;
    byRule.set(d.rule, [...(byRule.get(d.rule) ?? []), d.id]);
  }
  await dataSource.transaction(async (manager) => {
    const inChunks = async (ids: number[], sql: string, params: unknown[]) => {
      for (let i = 0; i < ids.length; i += 1_000) {
        const chunk = ids.slice(i, i + 1_000);
        // Guarded on the source again: a catalogue import that landed meanwhile keeps its category.
        await manager.query(`${sql} WHERE id IN (${chunk.map(() => '?').join(', ')}) AND (category_source IS NULL OR category_source = 'rule')`, [...params, ...chunk]);
      }
    };
    for (const [rule, ids] of byRule) await inChunks(ids, `UPDATE products SET category = ?, category_path = ?, category_source = 'rule'`, [rule.category, rule.categoryPath]);
    await inChunks(toClear, 'UPDATE products SET category = NULL, category_path = NULL, category_source = NULL', []);
  });
  return outcome;
}
