import type { DataSource } from 'typeorm';
import { changesAfter, type ChangeRecord } from './change-feed.js';

/** How often a follower asks the log for rows after its cursor when it has caught up. */
export const FOLLOW_POLL_MS = 1_000;
/** Rows read per query while replaying. */
const FOLLOW_BATCH = 500;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done);
  });
}

/**
 * The changes after `after`, oldest first, then every new one as it is committed: replays the
 * log from the cursor and then polls it. Polling the table (rather than an in-process event) is
 * what lets a writer in any process — a worker, another API process, the CLI — reach every
 * follower. Ending the iteration (`return()`, as a closed subscription does) stops it at once,
 * also while it waits for the next poll.
 */
export function followChanges(db: DataSource, opts: { after: number; pollMs?: number }): AsyncIterableIterator<ChangeRecord> {
  const stop = new AbortController();
  const pollMs = opts.pollMs ?? FOLLOW_POLL_MS;
  const rows = (async function* () {
    let cursor = opts.after;
    while (!stop.signal.aborted) {
      const { changes } = await changesAfter(db, { after: cursor, first: FOLLOW_BATCH });
      for (const change of changes) {
        if (stop.signal.aborted) return;
        cursor = change.cursor;
        yield change;
      }
      if (changes.length < FOLLOW_BATCH) await sleep(pollMs, stop.signal);
    }
  })();
  return {
    next: () => rows.next(),
    // Abort first: a generator waiting in the sleep would otherwise take the return only after it.
    return: (value?: unknown) => { stop.abort(); return rows.return(value as undefined); },
    throw: (error?: unknown) => { stop.abort(); return rows.throw(error); },
    [Symbol.asyncIterator]() { return this; },
  };
}
