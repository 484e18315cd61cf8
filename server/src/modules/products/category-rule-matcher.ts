// Compiles categorisation rules and finds the first one a description matches. No database here.
import { AppError } from '../../errors.js';

export const RULE_PATTERN_MAX = 200;
export type RuleMatchKind = 'keyword' | 'regex';

export interface RuleSpec { id: number; matchKind: string; pattern: string; categoryPath: string; priority: number }
export interface CompiledRule { id: number; test: (description: string) => boolean; category: string; categoryPath: string }

const invalid = (message: string, details?: Record<string, unknown>) => new AppError('CATEGORY_RULE_INVALID', message, details);

/**
 * A quantified group that itself holds a quantifier — `(a+)+`, `(\w*)*`, `(x|y+){2,}` — is what makes
 * a backtracking engine take exponential time on a near-miss. Refused outright, as are backreferences
 * and lookarounds, which rules on product descriptions do not need.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;
const BACKREFERENCE_OR_LOOKAROUND = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** Splits `Home > Kitchen > Mugs` into its levels, joined with ` > `; throws when a level is empty or too long. */
export function normaliseCategoryPath(raw: string): { path: string; top: string } {
  const levels = raw.trim().split(/\s*>\s*/).map((level) => level.trim());
  if (levels.some((level) => level === '')) throw invalid(`The category path "${raw.slice(0, 60)}" has an empty level`);
  if (levels.some((level) => level.length > 64)) throw invalid('A category level is longer than 64 characters');
  const path = levels.join(' > ');
  if (path.length > 255) throw invalid('The category path is longer than 255 characters');
  return { path, top: levels[0] };
}

export function compileRule(spec: Omit<RuleSpec, 'id' | 'priority'> & { id?: number }): CompiledRule {
  const pattern = spec.pattern.trim();
  const where = spec.id === undefined ? '' : ` (rule ${spec.id})`;
  if (pattern === '') throw invalid(`The pattern is empty${where}`);
  if (pattern.length > RULE_PATTERN_MAX) throw invalid(`The pattern is longer than ${RULE_PATTERN_MAX} characters${where}`);
  const { path } = normaliseCategoryPath(spec.categoryPath);
  if (spec.matchKind === 'keyword') {
    // A whole word or phrase in any letter case: "mug" matches "Blue MUG", not "mugs".
    const escaped = pattern.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    const regex = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?:$|[^\\p{L}\\p{N}])`, 'iu');
    return { id: spec.id ?? 0, test: (d) => regex.test(d), category: path.split(' > ')[0], categoryPath: path };
  }
  if (spec.matchKind !== 'regex') throw invalid(`Unknown match kind "${String(spec.matchKind).slice(0, 20)}" (keyword or regex)${where}`);
  if (NESTED_QUANTIFIER.test(pattern)) throw invalid(`The regular expression nests a quantifier inside a repeated group, which can take exponential time${where}: "${pattern.slice(0, 60)}"`);
  if (BACKREFERENCE_OR_LOOKAROUND.test(pattern)) throw invalid(`Backreferences and lookarounds are not allowed in a rule${where}`);
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'iu');
  } catch (error) {
    throw invalid(`Not a valid regular expression${where}: ${(error as Error).message}`, { pattern: pattern.slice(0, RULE_PATTERN_MAX) });
  }
  return { id: spec.id ?? 0, test: (d) => regex.test(d), category: path.split(' > ')[0], categoryPath: path };
}

/** Highest priority first, then the older rule. */
export function compileRules(specs: RuleSpec[]): CompiledRule[] {
  return [...specs].sort((a, b) => b.priority - a.priority || a.id - b.id).map(compileRule);
}

export function firstMatch(rules: CompiledRule[], description: string | null): CompiledRule | null {
  if (!description) return null;
  for (const rule of rules) if (rule.test(description)) return rule;
  return null;
}
