import type { Role } from '@segmenta/shared';

/** Who is calling: a signed-in user, an integration key, or the CLI (trusted, local). */
export interface Principal {
  kind: 'user' | 'apikey' | 'cli';
  id: number;
  role: Role;
  name: string;
  /** The actor string written into the audit log: user:12, apikey:3, cli. */
  actor: string;
}
