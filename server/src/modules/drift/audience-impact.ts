import { In, type DataSource } from 'typeorm';
import { audienceFunnel, AudienceEntity, normaliseDefinition, type AudienceDefinition } from '../audiences/index.js';
import { CampaignEntity } from '../campaigns/index.js';
import { PersonaEntity } from '../personas/index.js';
import type { SegmentMatchRow } from './segment-matching.js';

export interface AudienceImpact {
  audienceId: number;
  name: string;
  /** Members today, with the live run. */
  sizeLive: number;
  /** Members if the new run went live: the audience's live segments (and personas) replaced by their matched new segments. */
  sizeWithRun: number;
  /** Draft and scheduled campaigns sending to this audience (their audience is frozen only at launch). */
  campaigns: Array<{ campaignId: number; name: string; status: string }>;
}

/**
 * Which saved audiences would change size if the new run went live. Only audiences that name a
 * live segment or a live segment's persona depend on the run; each is counted twice, as it is and
 * with those segments swapped for their matches (a live segment nobody matched drops out). Audiences
 * they exclude are counted as they are today.
 */
export async function audienceImpact(dataSource: DataSource, matches: SegmentMatchRow[], liveSegmentIds: Set<number>): Promise<AudienceImpact[]> {
  const successor = new Map(matches.map((m) => [m.fromSegmentId, m.toSegmentId]));
  const audiences = await dataSource.getRepository(AudienceEntity).find({ order: { id: 'ASC' } });
  const personaIds = [...new Set(audiences.flatMap((a) => (a.definition as AudienceDefinition).include?.personaIds ?? []))];
  const personaSegment = new Map((personaIds.length ? await dataSource.getRepository(PersonaEntity).findBy({ id: In(personaIds) }) : []).map((p) => [p.id, p.segmentId]));
  const campaigns = await dataSource.getRepository(CampaignEntity).find({ where: { status: In(['draft', 'scheduled']) }, order: { id: 'ASC' } });
  const impacts: AudienceImpact[] = [];
  for (const audience of audiences) {
    const definition = normaliseDefinition(audience.definition as Parameters<typeof normaliseDefinition>[0]);
    const includeSegments = [...definition.include.segmentIds, ...definition.include.personaIds.map((id) => personaSegment.get(id) ?? -1)];
    const touches = [...includeSegments, ...definition.exclude.segmentIds].some((id) => liveSegmentIds.has(id));
    if (!touches) continue;
    const swap = (ids: number[]) => [...new Set(ids.flatMap((id) => (liveSegmentIds.has(id) ? (successor.has(id) ? [successor.get(id)!] : []) : [id])))];
    const remapped: AudienceDefinition = {
      ...definition,
      include: { ...definition.include, segmentIds: swap(includeSegments), personaIds: [] },
      exclude: { ...definition.exclude, segmentIds: swap(definition.exclude.segmentIds) },
    };
    // An audience left with no segment would match everyone: with its segments gone it has no members.
    const emptied = includeSegments.length > 0 && remapped.include.segmentIds.length === 0;
    const [now, next] = await Promise.all([
      audienceFunnel(dataSource, definition),
      emptied ? Promise.resolve({ size: 0 }) : audienceFunnel(dataSource, remapped, { useTargeting: false }),
    ]);
    impacts.push({
      audienceId: audience.id, name: audience.name, sizeLive: now.size, sizeWithRun: next.size,
      campaigns: campaigns.filter((c) => c.audienceId === audience.id).map((c) => ({ campaignId: c.id, name: c.name, status: c.status })),
    });
  }
  return impacts;
}
