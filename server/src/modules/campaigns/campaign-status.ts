/** Campaign lifecycle. Launching (scheduled or draft → running) freezes the audience snapshot. */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const NEXT: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ['scheduled', 'running'],
  scheduled: ['draft', 'running'],
  running: ['completed'],
  completed: [],
};

export const canTransition = (from: string, to: string): boolean => (NEXT[from as CampaignStatus] ?? []).includes(to as CampaignStatus);
