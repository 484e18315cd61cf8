/**
 * SQL text with its positional parameters kept beside it, so fragments compose in any order and
 * the `?` placeholders always line up with their values (mysql2 and better-sqlite3 both take `?`).
 */
const FRAGMENT = Symbol('sql-fragment');

export interface Fragment { readonly [FRAGMENT]: true; text: string; params: unknown[] }

const make = (text: string, params: unknown[]): Fragment => ({ [FRAGMENT]: true, text, params });
const isFragment = (value: unknown): value is Fragment => typeof value === 'object' && value !== null && FRAGMENT in value;

/** sql`a = ${1} AND ${otherFragment}`: values become `?` parameters, fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) { text += value.text; params.push(...value.params); } else { text += '?'; params.push(value); }
    text += strings[i + 1];
  });
  return make(text, params);
}

/** Trusted SQL text (identifiers from a whitelist, never user input). */
export const raw = (text: string): Fragment => make(text, []);

/** `?, ?, ?` for an IN list; callers never pass an empty list (IN () is a syntax error). */
export const list = (values: readonly unknown[]): Fragment => make(values.map(() => '?').join(', '), [...values]);

export function join(parts: Fragment[], separator: string): Fragment {
  return make(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));
}

export const and = (parts: Fragment[]): Fragment => (parts.length ? join(parts.map((p) => sql`(${p})`), ' AND ') : raw('1 = 1'));
export const or = (parts: Fragment[]): Fragment => (parts.length ? join(parts.map((p) => sql`(${p})`), ' OR ') : raw('1 = 0'));
