/**
 * The one error the numeric core throws for input it cannot work with (too few rows, a feature
 * that is not finite, a model file of another format). ml/ knows nothing of HTTP or GraphQL:
 * the boundary (errors.ts, `asAppError`) turns it into BAD_USER_INPUT.
 */
export class MlInputError extends Error {
  /** The code the boundary gives it (shared's ERROR_CODES), readable here for callers and tests. */
  readonly code = 'BAD_USER_INPUT' as const;

  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'MlInputError';
  }
}

export const invalidInput = (message: string, details?: Record<string, unknown>): MlInputError => new MlInputError(message, details);
