import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ADMIN, Allow, STAFF } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { readSettings, updateSettings, type SettingsRecord } from './settings.service.js';
import { DataSetSettingsType, UpdateDataSetSettingsInput } from './settings.types.js';

const toType = (record: SettingsRecord): DataSetSettingsType => ({ dataSet: record.dataSet, version: record.version, updatedBy: record.updatedBy, updatedAt: record.updatedAt, ...record.settings });

@Resolver(() => DataSetSettingsType)
export class SettingsResolver {
  @Query(() => DataSetSettingsType, { description: 'The settings in force for a data set' }) @Allow(...STAFF)
  async dataSetSettings(@Arg('dataSet', { defaultValue: 'default' }) dataSet: string, @Ctx() ctx: GraphQLContext) {
    return toType(await readSettings(ctx.dataSource, dataSet));
  }

  @Mutation(() => DataSetSettingsType, { description: 'Saves a new version of a data set\'s settings' }) @Allow(...ADMIN)
  async updateDataSetSettings(
    @Arg('input', () => UpdateDataSetSettingsInput) input: UpdateDataSetSettingsInput,
    @Arg('dataSet', { defaultValue: 'default' }) dataSet: string, @Ctx() ctx: GraphQLContext,
  ) {
    const { expectedVersion, ...change } = input;
    return toType(await updateSettings(ctx.dataSource, dataSet, change, ctx.principal!.actor, expectedVersion ?? undefined));
  }
}
