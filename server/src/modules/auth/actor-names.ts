/**
 * What people read instead of an actor string. Rows record who acted as `user:<id>`,
 * `apikey:<id>`, `cli` or `segmenta` (automatic steps); screens show the person's name.
 */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { Loaders } from '../../graphql/context.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { UserEntity } from './user.entity.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** An actor string's display name (a user's name, "API key <name>", "command line", ...): one read per kind for a page. */
    actorName: DataLoader<string, string>;
  }
}

const FIXED: Record<string, string> = { cli: 'command line', segmenta: 'Segmenta (automatic)', anonymous: 'anonymous' };

/** Display names, in order; an id whose user or key is gone reads "deleted user #3" rather than the raw string. */
export async function actorDisplayNames(dataSource: DataSource, actors: readonly string[]): Promise<string[]> {
  const idsOf = (prefix: string) => [...new Set(actors.filter((a) => a.startsWith(prefix)).map((a) => Number(a.slice(prefix.length))).filter(Number.isSafeInteger))];
  const userIds = idsOf('user:');
  const keyIds = idsOf('apikey:');
  const [users, keys] = await Promise.all([
    userIds.length ? dataSource.getRepository(UserEntity).find({ where: { id: In(userIds) }, select: { id: true, name: true } }) : [],
    keyIds.length ? dataSource.getRepository(ApiKeyEntity).find({ where: { id: In(keyIds) }, select: { id: true, name: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return actors.map((actor) => {
    if (actor.startsWith('user:')) return userName.get(Number(actor.slice(5))) ?? `deleted user #${actor.slice(5)}`;
    if (actor.startsWith('apikey:')) { const name = keyName.get(Number(actor.slice(7))); return name ? `API key "${name}"` : `deleted API key #${actor.slice(7)}`; }
    return FIXED[actor] ?? actor;
  });
}

export function authLoaders(dataSource: DataSource): Pick<Loaders, 'actorName'> {
  return { actorName: new DataLoader((actors) => actorDisplayNames(dataSource, actors)) };
}

/** A nullable actor's display name through the request's loader. */
export const displayName = (loaders: Pick<Loaders, 'actorName'>, actor: string | null | undefined): Promise<string | null> | null =>
  actor ? loaders.actorName.load(actor) : null;
