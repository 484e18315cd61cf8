// Child process for test/process-priority.test.ts: lowers its priority one way or the other, starts
// a worker thread afterwards, and prints the nice value and scheduling policy of every thread it has.
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { schedulingPolicyOf, statFields } from '../../server/src/cpu-priority.js';
import { lowerProcessPriority } from '../../server/src/modules/jobs/process-priority.js';

// nice is field 19
const niceOf = (tid: string) => Number(statFields(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'))[16]);

const mode = process.argv[2];
if (mode === 'main-thread-only') os.setPriority(0, 7);
else if (mode === 'idle-or-error') {
  try {
    lowerProcessPriority('idle');
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
    process.exit(0);
  }
} else lowerProcessPriority(mode === 'idle' ? 'idle' : 7);
const worker = new Worker('require("node:worker_threads").parentPort.postMessage("up"); setTimeout(() => {}, 500);', { eval: true });
await new Promise((resolve) => worker.once('message', resolve));
const tids = fs.readdirSync('/proc/self/task');
const nice = Object.fromEntries(tids.map((tid) => [tid, niceOf(tid)]));
const policy = Object.fromEntries(tids.map((tid) => [tid, schedulingPolicyOf(Number(tid))]));
process.stdout.write(`${JSON.stringify({ pid: process.pid, nice, policy })}\n`);
await worker.terminate();
