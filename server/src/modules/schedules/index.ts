// The schedules module's public surface: schedules and their ticker, campaign start times, the inbox.
export { ScheduleEntity, ScheduleRunEntity, SCHEDULE_ACTIONS, type ScheduleAction } from './schedule.entity.js';
export {
  createSchedule, deleteSchedule, getSchedule, pauseSchedule, resumeSchedule, runScheduleNow, scheduleHistory, tickSchedules, updateSchedule, type ScheduleInput,
} from './schedule.service.js';
export { nextTick, parseCron } from './cron.js';
export { CAMPAIGN_LAUNCH_JOB, INBOX_JOB, campaignLaunchJob } from './schedule-actions.js';
export { inboxImportJob, kindFromName } from './inbox.js';
export { launchDueCampaigns, tick, Ticker, type TickReport } from './ticker.js';
export { ScheduleResolver } from './schedule.resolver.js';
export { freshness, type Freshness } from './freshness.js';
