import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import { STRENGTH_WORKER_SOURCE, strengthWorkerData, type StrengthEstimate, type StrengthReply, type StrengthRequest } from './password-strength-worker.js';

/**
 * Passwords set through the API (createUser, updateUser) must resist guessing: zxcvbn-ts's
 * estimate (common passwords, dictionary words, names, keyboard patterns, dates, l33t) must reach
 * MIN_SCORE (3: about 10^8 guesses), judged with the user's e-mail, name and role and the
 * product's name as known words; and what is left once those are taken out must reach it too, so
 * "annsmith1987" or "segmenta-analyst-2026" are refused even where the estimate alone would pass.
 * The bootstrap admin (SEGMENTA_ADMIN_PASSWORD), the demo users and `segmenta user create` on the
 * server are set by the operator and only need 8 characters.
 */
export const MIN_SCORE = 3;
export const MIN_LENGTH = 8;
const PRODUCT_WORDS = ['segmenta'];
/** A stuck estimate must not hold a request for ever. */
const TIMEOUT_MS = 30_000;
/** The worker (and its dictionaries, ~30 MB) goes away after this long unused. */
const IDLE_MS = 60_000;

export interface PasswordContext { email?: string | null; name?: string | null; role?: string | null }

/** Words a guesser would try first for this user: e-mail, its parts, name parts, role, the product. */
export function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>(PRODUCT_WORDS);
  const email = context.email?.trim().toLowerCase() ?? '';
  if (email) {
    const [local, domain = ''] = email.split('@');
    words.add(email).add(local);
    for (const part of local.split(/[^a-z0-9]+|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)) if (part.length >= 3) words.add(part);
    for (const label of domain.split('.').slice(0, -1)) if (label.length >= 3) words.add(label);
  }
  for (const part of (context.name ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  if (context.role) words.add(context.role.toLowerCase());
  return [...words];
}

/** The password with every context word taken out (case-insensitively), longest words first. */
export function withoutContextWords(password: string, words: readonly string[]): string {
  let rest = password;
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    rest = rest.replace(new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '');
  }
  return rest;
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, { resolve(estimates: StrengthEstimate[]): void; reject(error: Error): void; timer: NodeJS.Timeout }>();

function startWorker(): Worker {
  const started = new Worker(STRENGTH_WORKER_SOURCE, { eval: true, workerData: strengthWorkerData() });
  started.unref();
  started.on('message', (reply: StrengthReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    clearTimeout(waiting.timer);
    waiting.resolve(reply.estimates);
    scheduleIdleStop();
  });
  const fail = (error: Error) => {
    if (worker === started) worker = null;
    for (const [id, waiting] of pending) { clearTimeout(waiting.timer); waiting.reject(error); pending.delete(id); }
  };
  started.on('error', fail);
  started.on('exit', () => fail(new Error('password strength worker exited')));
  return started;
}

function scheduleIdleStop(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (pending.size === 0 && worker) { void worker.terminate(); worker = null; }
  }, IDLE_MS);
  idleTimer.unref();
}

function estimate(passwords: string[], userInputs: string[]): Promise<StrengthEstimate[]> {
  const running = worker ??= startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      if (worker === running) { void running.terminate(); worker = null; }
      reject(new Error(`password strength estimate took over ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    running.postMessage({ id, passwords, userInputs } satisfies StrengthRequest);
  });
}

/** Refuses (BAD_USER_INPUT, with the reason and a suggestion) a password that is easy to guess. */
export async function checkPasswordPolicy(password: string, context: PasswordContext): Promise<void> {
  if (password.length < MIN_LENGTH) throw new AppError('BAD_USER_INPUT', `password must have at least ${MIN_LENGTH} characters`);
  const words = contextWords(context);
  const rest = withoutContextWords(password, words);
  const [whole, remainder] = await estimate(rest === password ? [password] : [password, rest], words);
  const advice = (e: StrengthEstimate) => [e.warning, ...e.suggestions].filter(Boolean).join(' ');
  const refuse = (problem: string) => new AppError('BAD_USER_INPUT', problem, { fields: [{ field: 'password', problems: [problem] }] });
  if (whole.score < MIN_SCORE) throw refuse(`password is too easy to guess (strength ${whole.score} of 4, at least ${MIN_SCORE} needed). ${advice(whole)}`.trim());
  if (remainder && (remainder.score < MIN_SCORE || rest.length < MIN_LENGTH)) {
    throw refuse('password is built on the user\'s e-mail, name or role or the product\'s name; without them it is too easy to guess');
  }
}
