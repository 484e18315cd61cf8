import { describe, expect, it } from 'vitest';
import { CAMPAIGN_COMMANDS } from '../server/src/cli/campaign-commands.js';
import { campaignStats } from '../server/src/ml/statistics/index.js';

const format = (overall: ReturnType<typeof campaignStats>) =>
  CAMPAIGN_COMMANDS.campaign.format!({ results: { campaignId: 7, status: 'completed', sentAt: null, overall, bySegment: [], byPersona: [] } });

describe('segmenta campaign results (text output)', () => {
  it('leads with incremental ROI and its interval, names the groups, labels gross ROI and gives lift in percentage points', () => {
    const treatment = { members: 300, responses: 60, conversions: 60, revenue: 6000, nonZeroRevenues: Array.from({ length: 60 }, () => 100) };
    const control = { members: 100, responses: 15, conversions: 15, revenue: 1500, nonZeroRevenues: Array.from({ length: 15 }, () => 100) };
    const lines = format(campaignStats(treatment, control, 150, { seed: 3 })).trim().split('\n');
    expect(lines[1]).toBe('members 400: treatment (contacted) 300, control (held out) 100; treatment responses 60, conversions 60');
    expect(lines[2]).toMatch(/^incremental ROI 900\.0% \(95% CI -?[\d.]+% … [\d.]+%\); incremental revenue 1500\.00 \(95% CI -?[\d.]+ … [\d.]+, bootstrap, 2000 resamples, seed 3\): (not )?significant at 95%$/);
    expect(lines[3]).toMatch(/lift \+5\.00 percentage points \(95% CI -?[+\d.]+ percentage points … \+[\d.]+ percentage points\): not significant at 95%$/);
    expect(lines[4]).toBe("treatment revenue 6000.00, cost 150.00, gross ROI 3900.0% (every treatment order counted as the campaign's)");
    // No ROI without its kind.
    for (const line of lines) expect(line.replace(/(incremental|gross) ROI/g, '')).not.toMatch(/ROI/);
  });

  it('says there is no interval without a control group', () => {
    const text = format(campaignStats({ members: 10, responses: 1, conversions: 1, revenue: 50, nonZeroRevenues: [50] }, { members: 0, responses: 0, conversions: 0, revenue: 0, nonZeroRevenues: [] }, 5));
    expect(text).toMatch(/incremental ROI n\/a; incremental revenue n\/a \(no control group: no interval\)/);
    expect(text).toMatch(/gross ROI 900\.0%/);
  });
});
