// A declared date format (DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD HH:mm, ...) compiled once into a strict parser.

export interface WallTime { year: number; month: number; day: number; hour: number; minute: number; second: number }

const TOKENS: Record<string, { pattern: string; part: keyof WallTime }> = {
  YYYY: { pattern: '(\\d{4})', part: 'year' },
  MM: { pattern: '(\\d{2})', part: 'month' }, M: { pattern: '(\\d{1,2})', part: 'month' },
  DD: { pattern: '(\\d{2})', part: 'day' }, D: { pattern: '(\\d{1,2})', part: 'day' },
  HH: { pattern: '(\\d{2})', part: 'hour' }, H: { pattern: '(\\d{1,2})', part: 'hour' },
  mm: { pattern: '(\\d{2})', part: 'minute' }, ss: { pattern: '(\\d{2})', part: 'second' },
};
// Longest first, so MM is not read as M followed by M.
const TOKEN = /YYYY|MM|M|DD|D|HH|H|mm|ss/g;
const LITERAL = /^[ .\/:T,-]*$/;

export interface DeclaredDateFormat { format: string; parse(text: string): WallTime | null }

/** Compiles a format; throws an Error naming the problem when the format is not usable. */
export function compileDateFormat(format: string): DeclaredDateFormat {
  const parts: (keyof WallTime)[] = [];
  let source = '^';
  let at = 0;
  for (const match of format.matchAll(TOKEN)) {
    const literal = format.slice(at, match.index);
    if (!LITERAL.test(literal)) throw new Error(`date format "${format}": "${literal}" is neither a token (YYYY, MM, M, DD, D, HH, H, mm, ss) nor a separator (space . / : - , T)`);
    source += literal.replace(/[.\/-]/g, '\\$&');
    const token = TOKENS[match[0]];
    if (parts.includes(token.part)) throw new Error(`date format "${format}" names the ${token.part} twice`);
    parts.push(token.part);
    source += token.pattern;
    at = match.index + match[0].length;
  }
  const tail = format.slice(at);
  if (!LITERAL.test(tail)) throw new Error(`date format "${format}": "${tail}" is neither a token (YYYY, MM, M, DD, D, HH, H, mm, ss) nor a separator (space . / : - , T)`);
  source += `${tail.replace(/[.\/-]/g, '\\$&')}$`;
  for (const needed of ['year', 'month', 'day'] as const) if (!parts.includes(needed)) throw new Error(`date format "${format}" has no ${needed} (YYYY, MM and DD are required)`);
  if (parts.includes('second') && !parts.includes('minute')) throw new Error(`date format "${format}" has seconds without minutes`);
  if (parts.includes('minute') && !parts.includes('hour')) throw new Error(`date format "${format}" has minutes without hours`);
  const regex = new RegExp(source);
  return {
    format,
    parse(text: string): WallTime | null {
      const m = regex.exec(text.trim());
      if (!m) return null;
      const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
      parts.forEach((part, i) => { wall[part] = Number(m[i + 1]); });
      return wall;
    },
  };
}
