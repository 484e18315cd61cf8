/**
 * Worker-thread entry for `password-policy.ts`: zxcvbn-ts's estimate takes from a few to a few
 * hundred milliseconds of CPU (more for long, patterned passwords), which must not block the API's
 * event loop. The dictionaries load once per worker.
 */
import { parentPort } from 'node:worker_threads';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface StrengthRequest { id: number; passwords: string[]; userInputs: string[] }
export interface StrengthEstimate { score: number; warning: string | null; suggestions: string[] }
export interface StrengthReply { id: number; estimates: StrengthEstimate[] }

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
  // Only the first 64 characters are judged: the estimate's cost grows fast with length, and 64
  // characters that pass are plenty.
  maxLength: 64,
});

parentPort!.on('message', (request: StrengthRequest) => {
  const estimates = request.passwords.map((password) => {
    const result = zxcvbn.check(password, request.userInputs);
    return { score: result.score, warning: result.feedback.warning ?? null, suggestions: result.feedback.suggestions };
  });
  parentPort!.postMessage({ id: request.id, estimates } satisfies StrengthReply);
});
