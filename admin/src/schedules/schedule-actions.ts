/** What a schedule can run (the server's SCHEDULE_ACTIONS). */
export const SCHEDULE_ACTIONS = [
  { id: 'refresh', name: 'Full refresh (features, segmentation, retrain, rescore, targeting)' },
  { id: 'retrain', name: 'Retrain a model' },
  { id: 'rescore', name: 'Rescore everyone' },
  { id: 'inbox', name: 'Import files from the inbox folder' },
  { id: 'campaign', name: 'Launch a campaign' },
];
