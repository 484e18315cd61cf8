// Descriptive statistics and two-group comparisons: pure functions the analytics and campaign modules build on.
export { histogram, monthsBetween, pearson, type HistogramBin } from './descriptive.js';
export { campaignStats, proportionLift, Z_95, type CampaignStats, type CampaignStatsOptions, type GroupTally, type Lift } from './proportion-lift.js';
export { newcombeDifference, wilsonInterval, type Interval } from './proportion-intervals.js';
export { binomialDraw, incrementalRevenueInterval, type IncrementalRevenueInterval, type IntervalOptions, type RevenueGroup } from './incremental-revenue.js';
