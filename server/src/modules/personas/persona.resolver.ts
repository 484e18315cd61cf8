import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { LiveSegmentationEntity, SegmentEntity, ClassificationType, SegmentType } from '../segmentation/index.js';
import { PersonaEditEntity, PersonaEntity } from './persona.entity.js';
import { PersonaEditType, PersonaType, UpdatePersonaInput } from './persona.types.js';
import { personaHistory, updatePersona } from './persona.service.js';

@InputType()
export class PersonaFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() ids?: string[];
  @Field(() => ID, { nullable: true, description: 'Personas of this run; default: the live run' }) @IsOptional() runId?: string;
}

@Resolver(() => PersonaType)
export class PersonaResolver {
  @Query(() => [PersonaType]) @Allow(...READERS)
  async allPersonas(@Args() args: PageArgs, @Arg('filter', () => PersonaFilter, { nullable: true }) filter: PersonaFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(await this.filtered(ctx, filter), args, { id: 'p.id', name: 'p.name' }, 'id', 'p.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allPersonasMeta(@Args() _args: PageArgs, @Arg('filter', () => PersonaFilter, { nullable: true }) filter: PersonaFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await (await this.filtered(ctx, filter)).getCount() };
  }

  @Query(() => PersonaType, { name: 'Persona' }) @Allow(...READERS)
  async persona(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const persona = await ctx.dataSource.getRepository(PersonaEntity).findOneBy({ id: toId(id) });
    if (!persona) throw notFound('Persona', id);
    return persona;
  }

  @Mutation(() => PersonaType, { description: 'Renames or edits a persona; the previous version stays in its history' }) @Allow('admin', 'analyst')
  updatePersona(@Arg('id', () => ID) id: string, @Arg('input', () => UpdatePersonaInput) input: UpdatePersonaInput, @Ctx() ctx: GraphQLContext) {
    return updatePersona(ctx.dataSource, toId(id), input, ctx.principal!.actor);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who last edited it, as people read it (updatedBy holds the actor id)' })
  updatedByName(@Root() persona: PersonaEntity, @Ctx() ctx: GraphQLContext) {
    return persona.updatedBy ? ctx.loaders.actorName.load(persona.updatedBy) : null;
  }

  @FieldResolver(() => [PersonaEditType])
  history(@Root() persona: PersonaEntity, @Ctx() ctx: GraphQLContext) {
    return personaHistory(ctx.dataSource, persona.id);
  }

  @FieldResolver(() => PersonaType, { nullable: true, description: 'The persona this one was carried over from (null for drafted and new ones)' })
  carriedFrom(@Root() persona: PersonaEntity, @Ctx() ctx: GraphQLContext) {
    return persona.carriedFromPersonaId ? ctx.dataSource.getRepository(PersonaEntity).findOneBy({ id: persona.carriedFromPersonaId }) : null;
  }
  @FieldResolver(() => SegmentType)
  segment(@Root() persona: PersonaEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(SegmentEntity).findOneByOrFail({ id: persona.segmentId });
  }

  private async filtered(ctx: GraphQLContext, filter?: PersonaFilter) {
    const qb = ctx.dataSource.getRepository(PersonaEntity).createQueryBuilder('p');
    if (filter?.ids?.length) return qb.where('p.id IN (:...ids)', { ids: filter.ids.map((v) => toId(v)) });
    const runId = filter?.runId ? toId(filter.runId) : (await ctx.dataSource.getRepository(LiveSegmentationEntity).findOneBy({ dataSet: 'default' }))?.runId ?? -1;
    return qb.innerJoin(SegmentEntity, 's', 's.id = p.segment_id').where('s.run_id = :runId', { runId });
  }
}

/** A segment's persona: personas build on segments, so the field lives here, not in segmentation. */
@Resolver(() => SegmentType)
export class SegmentPersonaResolver {
  @FieldResolver(() => PersonaType, { nullable: true })
  persona(@Root() segment: SegmentEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.personaBySegment.load(segment.id);
  }
}

@Resolver(() => ClassificationType)
export class ClassificationPersonaResolver {
  @FieldResolver(() => PersonaType, { nullable: true })
  persona(@Root() classification: ClassificationType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.personaBySegment.load(classification.segment.id);
  }
}

@Resolver(() => PersonaEditType)
export class PersonaEditResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who made this version, as people read it (editedBy holds the actor id)' })
  editedByName(@Root() edit: PersonaEditEntity, @Ctx() ctx: GraphQLContext) {
    return edit.editedBy ? ctx.loaders.actorName.load(edit.editedBy) : null;
  }
}
