import type { ValidationError } from 'class-validator';

export interface FieldProblem {
  /** Path inside the argument: `definition.cap.size`, `rows[2].email`. */
  field: string;
  problems: string[];
}

/**
 * class-validator reports a nested input (`@ValidateNested`) as an error without constraints of its
 * own whose children hold the real ones; naming only the outer field said "cap ()". Every leaf is
 * listed with its full path and its reasons.
 */
export function describeValidationErrors(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) && parent ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const problems = Object.values(error.constraints ?? {});
    if (problems.length) out.push({ field, problems });
    if (error.children?.length) out.push(...describeValidationErrors(error.children, field));
    // A nested value that is not an object at all has neither: still say which field it is.
    if (!problems.length && !error.children?.length) out.push({ field, problems: ['is invalid'] });
  }
  return out;
}
