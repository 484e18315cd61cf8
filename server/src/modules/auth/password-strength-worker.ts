import { createRequire } from 'node:module';

/**
 * The worker thread of `password-policy.ts`: zxcvbn-ts's estimate takes from a few to a few
 * hundred milliseconds of CPU (seconds for long, patterned passwords), which must not block the
 * API's event loop. Started from source text (`eval: true`), like the clustering workers: it needs
 * no TypeScript loader, so it starts as fast from the sources (tests, dev) as from the build. The
 * dictionaries load once per worker; the packages are found from this module and passed in.
 */
export interface StrengthRequest { id: number; passwords: string[]; userInputs: string[] }
export interface StrengthEstimate { score: number; warning: string | null; suggestions: string[] }
export interface StrengthReply { id: number; estimates: StrengthEstimate[] }

export const STRENGTH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.core);
const common = require(workerData.common);
const english = require(workerData.english);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
  // Only the first 64 characters are judged: the cost grows fast with length, and 64 that pass are plenty.
  maxLength: 64,
});
parentPort.on('message', (request) => {
  const estimates = request.passwords.map((password) => {
    const result = zxcvbn.check(password, request.userInputs);
    return { score: result.score, warning: result.feedback.warning || null, suggestions: result.feedback.suggestions };
  });
  parentPort.postMessage({ id: request.id, estimates });
});
`;

const resolve = createRequire(import.meta.url).resolve;

/** Where the worker finds zxcvbn-ts (CommonJS entries, absolute paths). */
export function strengthWorkerData(): { core: string; common: string; english: string } {
  return { core: resolve('@zxcvbn-ts/core'), common: resolve('@zxcvbn-ts/language-common'), english: resolve('@zxcvbn-ts/language-en') };
}
