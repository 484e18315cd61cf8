// Drift between two segmentations or two score distributions: pure functions the drift module builds on.
export { populationStabilityIndex, psiLevel, quantileSorted, PSI_DEFAULT_BINS, PSI_EMPTY_BIN_SHARE, type PsiLevel, type PsiResult } from './psi.js';
export { centroidDistances, linearSumAssignment, type Assignment } from './hungarian.js';
export { segmentSizeShifts, type SegmentShift } from './size-shift.js';
