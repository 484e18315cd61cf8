// npm run bench -- host-stalls [--seconds N]
//
// Does this machine stop a CPU that is busy when every other CPU is busy too, whatever the
// priorities inside it? A probe thread spins on CPU 0 and notes each gap in its own running time
// longer than 10 ms (nothing else is allowed on CPU 0, so a gap is time the CPU itself did not
// run). It runs alone, then beside a busy loop on CPU 1 at the lowest priority (SCHED_IDLE, as a
// `segmenta worker` runs), then at normal priority, then beside a loop that is busy 90 ms of every
// 100 ms. Inside the machine a SCHED_IDLE thread on another CPU cannot take CPU 0 from the probe.
// On the 2-CPU virtual machines of our load runs the probe lost ~100 ms stops only when CPU 1 was
// busy all the time (docs/load-history.md, "Session 9"): the API's requests queue behind such stops.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';

const args = process.argv.slice(2);
const SECONDS = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 10;

/** Spins for `seconds` and returns the gaps in its running time longer than 10 ms. */
function probe(seconds: number): Promise<number[]> {
  const code = `
    const gaps = []; const end = performance.now() + ${seconds * 1000}; let last = performance.now();
    for (let t = last; t < end; t = performance.now()) { if (t - last > 10) gaps.push(t - last); last = t; }
    process.stdout.write(JSON.stringify(gaps));`;
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0', process.execPath, '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk; });
    child.on('exit', (status) => (status === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`the probe exited with ${status}`))));
  });
}

/** A loop on CPU 1: busy `busyMs` of every `periodMs` (busyMs = periodMs: always), at SCHED_IDLE or normal priority. */
function load(busyMs: number, periodMs: number, idlePolicy: boolean): ChildProcess {
  const code = `
    const spin = () => { const end = performance.now() + ${busyMs}; while (performance.now() < end); setTimeout(spin, ${periodMs - busyMs}); };
    spin();`;
  const command = ['taskset', '-c', '1', ...(idlePolicy ? ['chrt', '--idle', '0'] : []), process.execPath, '-e', code];
  return spawn(command[0], command.slice(1), { stdio: 'ignore' });
}

const cases: { label: string; start: () => ChildProcess | null }[] = [
  { label: 'CPU 1 idle', start: () => null },
  { label: 'CPU 1 always busy, SCHED_IDLE', start: () => load(100, 100, true) },
  { label: 'CPU 1 always busy, normal priority', start: () => load(100, 100, false) },
  { label: 'CPU 1 busy 90 of every 100 ms, SCHED_IDLE', start: () => load(90, 100, true) },
  { label: 'CPU 1 idle, again', start: () => null },
];

if (os.cpus().length < 2 || spawnSync('taskset', ['-c', '1', 'true']).status !== 0 || spawnSync('chrt', ['--idle', '0', 'true']).status !== 0) {
  console.error('host-stalls needs two CPUs, taskset and chrt');
  process.exit(2);
}
console.log(`\nStops of a busy CPU 0, ${SECONDS} s per case (gaps over 10 ms in a spinning probe's running time)`);
console.log(`${'case'.padEnd(44)} ${'gaps'.padStart(5)} ${'over 50 ms'.padStart(11)} ${'lost'.padStart(8)} ${'longest'.padStart(9)}`);
for (const c of cases) {
  const other = c.start();
  await new Promise((r) => setTimeout(r, 300));
  try {
    const gaps = await probe(SECONDS);
    const lost = gaps.reduce((a, b) => a + b, 0);
    console.log(`${c.label.padEnd(44)} ${String(gaps.length).padStart(5)} ${String(gaps.filter((g) => g > 50).length).padStart(11)} ${`${(100 * lost / (SECONDS * 1000)).toFixed(1)} %`.padStart(8)} ${`${(gaps.length ? Math.max(...gaps) : 0).toFixed(1)} ms`.padStart(9)}`);
  } finally {
    other?.kill('SIGKILL');
  }
}
