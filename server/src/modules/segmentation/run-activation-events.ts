import type { EntityManager } from 'typeorm';

/** A run went live: the data set, the new live run and the run it replaced (null for the first). */
export interface RunActivated { dataSet: string; runId: number; previousRunId: number | null; actor: string }

/** Called inside the activation's transaction: what a listener writes commits (or not) with the activation. */
export type RunActivatedListener = (manager: EntityManager, activated: RunActivated) => Promise<void>;

const listeners: RunActivatedListener[] = [];

/**
 * Registers a reaction to every activation, however it comes (the API, the CLI, the activation
 * policy): the module that reacts registers itself when it loads, so segmentation names none.
 */
export function onRunActivated(listener: RunActivatedListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function notifyRunActivated(manager: EntityManager, activated: RunActivated): Promise<void> {
  for (const listener of listeners) await listener(manager, activated);
}
