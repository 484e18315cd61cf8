// Child process for test/process-priority.test.ts: lowers its priority one way or the other (or, with
// "cpus", confines itself to CPU 0), starts a worker thread afterwards, and prints the nice value (or
// the allowed CPUs) of every thread it has.
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerProcessPriority, pinProcessToCpus } from '../../server/src/modules/jobs/process-priority.js';

const niceOf = (tid: string) => {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state; nice is field 19.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

const cpusOf = (tid: string) => /^Cpus_allowed_list:\s+(\S+)/m.exec(fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8'))![1];

const mode = process.argv[2];
if (mode === 'main-thread-only') os.setPriority(0, 7);
else if (mode === 'cpus') pinProcessToCpus('0');
else lowerProcessPriority(7);
const worker = new Worker('require("node:worker_threads").parentPort.postMessage("up"); setTimeout(() => {}, 500);', { eval: true });
await new Promise((resolve) => worker.once('message', resolve));
const nice = Object.fromEntries(fs.readdirSync('/proc/self/task').map((tid) => [tid, mode === 'cpus' ? cpusOf(tid) : niceOf(tid)]));
process.stdout.write(`${JSON.stringify({ pid: process.pid, nice })}\n`);
await worker.terminate();
