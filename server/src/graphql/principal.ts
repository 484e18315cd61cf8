import type { Role } from '@segmenta/shared';

/** Who is calling: a signed-in user, an integration key, or the CLI (trusted, local). */
export interface Principal {
  kind: 'user' | 'apikey' | 'cli';
  id: number;
  role: Role;
  name: string;
  /** The actor string written into the audit log: user:12, apikey:3, cli. */
  actor: string;
  /** An API key's scopes (shared's API_SCOPES); users and the CLI have none: their role decides. */
  scopes?: readonly string[];
}
