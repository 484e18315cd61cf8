import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../errors.js';
import { AuditEntryEntity } from '../audit/index.js';
import { carryOverPersonas, type CarryOverResult } from '../personas/index.js';
import { activateRun, getRun, LiveSegmentationEntity, onRunActivated, SegmentEntity, type RunActivated } from '../segmentation/index.js';
import { readSettings, type DataSetSettings } from '../settings/index.js';
import { computeDriftReport, type DriftReport } from './drift-report.js';
import { ActivationDecisionEntity, DriftReportEntity } from './drift.entity.js';

/** The stored report of a run, or null before its drift job ran. */
export async function driftReportOf(db: DataSource | EntityManager, runId: number): Promise<DriftReport | null> {
  const row = await db.getRepository(DriftReportEntity).findOneBy({ runId });
  return row ? (row.report as DriftReport) : null;
}

/** Writes (or replaces) a run's report, and gives its personas the live run's through the segment matches. */
export async function storeDriftReport(manager: EntityManager, report: DriftReport): Promise<CarryOverResult | null> {
  await manager.delete(DriftReportEntity, { runId: report.runId });
  await manager.insert(DriftReportEntity, {
    runId: report.runId, dataSet: report.dataSet, liveRunId: report.liveRunId, adjustedRandIndex: report.adjustedRandIndex,
    maxSizeShift: report.maxSizeShift, maxPsi: report.maxPsi, report: report as never, createdAt: new Date(),
  });
  if (report.liveRunId === null) return null;
  const matched = new Set(report.matches.map((m) => m.toSegmentId));
  return carryOverPersonas(manager, { matches: report.matches, unmatchedSegmentIds: report.sizesAfter.map((s) => s.segmentId).filter((id) => !matched.has(id)) });
}

/** Computes and stores a run's report in one go (tests, the CLI, the refresh chain). */
export async function writeDriftReport(dataSource: DataSource, runId: number): Promise<DriftReport> {
  const report = await computeDriftReport(dataSource, runId);
  await dataSource.transaction((manager) => storeDriftReport(manager, report));
  return report;
}

export interface ActivationVerdict { close: boolean; reasons: string[] }

/** Whether a report shows a run close enough to the live one to activate without a person. */
export function judgeReport(report: DriftReport, settings: DataSetSettings): ActivationVerdict {
  const reasons: string[] = [];
  let close = true;
  if (report.adjustedRandIndex === null) { close = false; reasons.push('no customers in common with the live run: nothing to compare'); }
  else if (report.adjustedRandIndex < settings.minAdjustedRandIndex) { close = false; reasons.push(`adjusted Rand index ${report.adjustedRandIndex.toFixed(3)} is below the minimum ${settings.minAdjustedRandIndex}`); }
  else reasons.push(`adjusted Rand index ${report.adjustedRandIndex.toFixed(3)} meets the minimum ${settings.minAdjustedRandIndex}`);
  const shift = report.maxSizeShift ?? 0;
  if (shift > settings.maxSizeShift) { close = false; reasons.push(`a segment's share moved by ${(shift * 100).toFixed(1)} points, more than the allowed ${(settings.maxSizeShift * 100).toFixed(1)}`); }
  else reasons.push(`segment shares moved by at most ${(shift * 100).toFixed(1)} points (allowed ${(settings.maxSizeShift * 100).toFixed(1)})`);
  const alerts = [...report.features, ...(report.responseProbability ? [report.responseProbability] : [])].filter((f) => f.level === 'alert');
  if (alerts.length) { close = false; reasons.push(`PSI alert (≥ ${settings.psiAlert}) on ${alerts.map((f) => `${f.feature} ${f.psi.toFixed(3)}`).join(', ')}`); }
  return { close, reasons };
}

export interface ActivationDecision { runId: number; policy: string; outcome: 'activated' | 'waiting' | 'already-live'; reasons: string[]; decisionId: number }

/**
 * The activation policy for one succeeded run. Manual (the default): the run waits for a person.
 * Automatic: the run goes live when its drift report shows it close to the live run (ARI, size
 * shift, no PSI alert), and waits otherwise. A waiting run leaves a notice (an activation
 * decision row the UI lists) and an audit-log entry. Idempotent: a run already decided gets
 * its decision back. Computes the drift report first if the run has none yet.
 */
export async function decideActivation(dataSource: DataSource, runId: number): Promise<ActivationDecision> {
  const run = await getRun(dataSource, runId);
  if (run.status !== 'succeeded') throw new AppError('CONFLICT', `run ${runId} is ${run.status}; only a succeeded run can be activated`);
  const decisions = dataSource.getRepository(ActivationDecisionEntity);
  const earlier = await decisions.findOne({ where: { runId }, order: { id: 'DESC' } });
  if (earlier) return { runId, policy: earlier.policy, outcome: earlier.outcome as ActivationDecision['outcome'], reasons: earlier.reasons as string[], decisionId: earlier.id };

  const { settings } = await readSettings(dataSource, run.dataSet);
  const live = await dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: run.dataSet });
  let outcome: ActivationDecision['outcome'];
  let reasons: string[];
  if (live?.runId === runId) {
    outcome = 'already-live';
    reasons = ['the run is already live (the data set\'s first run goes live by itself)'];
  } else {
    // A report made against another live run (one activated since) is made again against this one.
    const stored = await driftReportOf(dataSource, runId);
    const report = stored && stored.liveRunId === (live?.runId ?? null) ? stored : await writeDriftReport(dataSource, runId);
    const verdict = judgeReport(report, settings);
    if (settings.activationPolicy === 'manual') {
      outcome = 'waiting';
      reasons = ['the activation policy is manual: a person activates new runs', ...verdict.reasons];
    } else if (verdict.close) {
      outcome = 'activated';
      reasons = ['the activation policy is automatic and the run is close to the live one', ...verdict.reasons];
    } else {
      outcome = 'waiting';
      reasons = ['the activation policy is automatic but the run drifted from the live one: a person decides', ...verdict.reasons];
    }
  }
  const now = new Date();
  let decisionId = 0;
  const record = async (manager: EntityManager) => {
    const row = await manager.save(manager.create(ActivationDecisionEntity, { runId, dataSet: run.dataSet, policy: settings.activationPolicy, outcome, reasons, decidedAt: now }));
    decisionId = row.id;
    if (outcome !== 'already-live') {
      await manager.insert(AuditEntryEntity, {
        actor: 'activation-policy', action: outcome === 'activated' ? 'activateSegmentation' : 'activationWaiting',
        details: { runId, dataSet: run.dataSet, policy: settings.activationPolicy, reasons } as never, outcome: outcome === 'activated' ? 'ok' : 'waiting', createdAt: now,
      });
    }
  };
  // An automatic activation and its decision commit together: a retry after a crash finds either both or neither.
  if (outcome === 'activated') await activateRun(dataSource, runId, 'activation-policy', { alsoWrite: record });
  else await dataSource.transaction(record);
  return { runId, policy: settings.activationPolicy, outcome, reasons, decisionId };
}

export interface ActivationNotice { decisionId: number; runId: number; dataSet: string; reasons: string[]; decidedAt: Date }

/** Runs waiting for a person: decided "waiting", and no activation in their data set since (any activation answers the notice). */
export async function activationNotices(db: DataSource | EntityManager, dataSet = 'default'): Promise<ActivationNotice[]> {
  const waiting = await db.getRepository(ActivationDecisionEntity).find({ where: { dataSet, outcome: 'waiting', answeredAt: IsNull() }, order: { id: 'DESC' }, take: 20 });
  return waiting.map((d) => ({ decisionId: d.id, runId: d.runId, dataSet: d.dataSet, reasons: d.reasons as string[], decidedAt: d.decidedAt }));
}

/**
 * Activation (by a person, the policy or the refresh chain) answers the data set's waiting
 * notices and brings the personas up to date: edits
 * made to the replaced run's personas since the drift report are carried over once more, in the
 * activation's transaction.
 */
async function carryOverOnActivation(manager: EntityManager, activated: RunActivated): Promise<void> {
  await manager.createQueryBuilder().update(ActivationDecisionEntity).set({ answeredAt: new Date() })
    .where("data_set = :dataSet AND outcome = 'waiting' AND answered_at IS NULL", { dataSet: activated.dataSet }).execute();
  const stored = await manager.findOneBy(DriftReportEntity, { runId: activated.runId });
  const report = stored?.report as DriftReport | undefined;
  if (!report || report.liveRunId === null || report.liveRunId !== activated.previousRunId) return;
  const segments = await manager.findBy(SegmentEntity, { runId: activated.runId });
  const matched = new Set(report.matches.map((m) => m.toSegmentId));
  await carryOverPersonas(manager, { matches: report.matches, unmatchedSegmentIds: segments.map((s) => s.id).filter((id) => !matched.has(id)) });
}

onRunActivated(carryOverOnActivation);
