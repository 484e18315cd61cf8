import { AppError } from '../../errors.js';

/**
 * The settings of one data set. Each field is one row of SETTINGS_FIELDS (type, bounds, default):
 * a new setting is a new row there and a field here, nothing else.
 */
export interface DataSetSettings {
  /** manual: a person activates every new run; automatic: a run close to the live one goes live by itself. */
  activationPolicy: 'manual' | 'automatic';
  /** Automatic activation needs at least this adjusted Rand index between the new run and the live run. */
  minAdjustedRandIndex: number;
  /** …and no segment's share of customers moving by more than this (0.05 = 5 percentage points). */
  maxSizeShift: number;
  /** PSI at or above this is flagged as a warning in the drift report (convention 0.1)… */
  psiWarning: number;
  /** …and at or above this as an alert (convention 0.25); automatic activation also waits on an alert. */
  psiAlert: number;
}

type FieldSpec =
  | { kind: 'enum'; values: readonly string[]; default: string }
  | { kind: 'number'; min: number; max: number; minExclusive?: boolean; default: number };

export const SETTINGS_FIELDS: { [K in keyof DataSetSettings]: FieldSpec } = {
  activationPolicy: { kind: 'enum', values: ['manual', 'automatic'], default: 'manual' },
  minAdjustedRandIndex: { kind: 'number', min: -1, max: 1, default: 0.8 },
  maxSizeShift: { kind: 'number', min: 0, max: 1, minExclusive: true, default: 0.05 },
  psiWarning: { kind: 'number', min: 0, max: 10, minExclusive: true, default: 0.1 },
  psiAlert: { kind: 'number', min: 0, max: 10, minExclusive: true, default: 0.25 },
};

export const DEFAULT_SETTINGS = Object.fromEntries(Object.entries(SETTINGS_FIELDS).map(([key, spec]) => [key, spec.default])) as unknown as DataSetSettings;

/**
 * Merges a change into the current settings and validates the result. Every problem is listed
 * (field, reason) in one BAD_USER_INPUT error, and nothing is written when there is one.
 */
export function validateSettings(current: DataSetSettings, change: Record<string, unknown>): DataSetSettings {
  const problems: Array<{ field: string; problem: string }> = [];
  const next: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...current };
  for (const [field, value] of Object.entries(change)) {
    if (value === undefined || value === null) continue;
    const spec = (SETTINGS_FIELDS as Record<string, FieldSpec>)[field];
    if (!spec) { problems.push({ field, problem: 'is not a setting' }); continue; }
    if (spec.kind === 'enum') {
      if (typeof value !== 'string' || !spec.values.includes(value)) problems.push({ field, problem: `must be one of ${spec.values.join(', ')}, got ${JSON.stringify(value)}` });
      else next[field] = value;
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, problem: `must be a number, got ${JSON.stringify(value)}` });
    } else if (value > spec.max || (spec.minExclusive ? value <= spec.min : value < spec.min)) {
      problems.push({ field, problem: `must be ${spec.minExclusive ? 'above' : 'at least'} ${spec.min} and at most ${spec.max}, got ${value}` });
    } else next[field] = value;
  }
  const settings = next as unknown as DataSetSettings;
  if (!problems.length && settings.psiAlert <= settings.psiWarning) {
    problems.push({ field: 'psiAlert', problem: `must be above psiWarning (${settings.psiWarning}), got ${settings.psiAlert}` });
  }
  if (problems.length) {
    throw new AppError('BAD_USER_INPUT', `invalid settings: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems });
  }
  return settings;
}
