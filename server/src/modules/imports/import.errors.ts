import { AppError } from '../../errors.js';

/** A file or option the import cannot use. Raised before anything is written. */
export function importInvalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('IMPORT_INVALID', message, details);
}

export function isImportInvalid(error: unknown): error is AppError {
  return error instanceof AppError && error.code === 'IMPORT_INVALID';
}
