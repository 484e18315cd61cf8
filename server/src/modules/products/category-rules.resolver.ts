import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, MARKETING, STAFF } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { AddCategoryRuleInput, CategoryRuleType, CategoryRulesOutcomeType } from './category-rules.types.js';
import { addCategoryRule, applyCategoryRules, deleteCategoryRule, listCategoryRules, previewCategoryRules } from './category-rules.service.js';
import type { RuleMatchKind } from './category-rule-matcher.js';

@Resolver(() => CategoryRuleType)
export class CategoryRulesResolver {
  @Query(() => [CategoryRuleType], { description: 'Categorisation rules, highest priority first' }) @Allow(...STAFF)
  categoryRules(@Ctx() ctx: GraphQLContext) {
    return listCategoryRules(ctx.dataSource);
  }

  @Mutation(() => CategoryRuleType, { description: 'Stores a rule; CATEGORY_RULE_INVALID for a bad or risky regular expression' }) @Allow(...MARKETING)
  addCategoryRule(@Arg('input', () => AddCategoryRuleInput, { description: 'The rule' }) input: AddCategoryRuleInput, @Ctx() ctx: GraphQLContext) {
    return addCategoryRule(ctx.dataSource, { ...input, matchKind: input.matchKind as RuleMatchKind }, ctx.principal!.actor);
  }

  @Mutation(() => Boolean, { description: 'Removes a rule (products keep their category until the rules are applied again)' }) @Allow(...MARKETING)
  deleteCategoryRule(@Arg('id', () => ID, { description: 'The rule to remove' }) id: string, @Ctx() ctx: GraphQLContext) {
    return deleteCategoryRule(ctx.dataSource, toId(id));
  }

  @Query(() => CategoryRulesOutcomeType, { description: 'What applying the stored rules would change, per rule' }) @Allow(...STAFF)
  previewCategoryRules(@Ctx() ctx: GraphQLContext) {
    return previewCategoryRules(ctx.dataSource);
  }

  @Mutation(() => CategoryRulesOutcomeType, { description: 'Sets categories from the stored rules (never over a catalogue category)' }) @Allow(...MARKETING)
  applyCategoryRules(@Ctx() ctx: GraphQLContext) {
    return applyCategoryRules(ctx.dataSource);
  }
}
