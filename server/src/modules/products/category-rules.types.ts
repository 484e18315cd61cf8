import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsIn, Max, MaxLength, Min, MinLength } from 'class-validator';

@ObjectType('CategoryRule', { description: 'A keyword or regular expression on product descriptions that sets a category' })
export class CategoryRuleType {
  @Field(() => ID, { description: 'Rule id' }) id: number;
  @Field({ description: 'keyword (a whole word or phrase, any letter case) or regex (case-insensitive)' }) matchKind: string;
  @Field({ description: 'The keyword or regular expression matched against product descriptions' }) pattern: string;
  @Field({ description: 'Category path such as "Home > Kitchen"; products take its first level as their category' }) categoryPath: string;
  @Field(() => Int, { description: 'Higher first; among equals the older rule wins' }) priority: number;
  @Field(() => String, { nullable: true, description: 'Who added the rule' }) createdBy: string | null;
  @Field({ description: 'When the rule was added (UTC)' }) createdAt: Date;
}

@InputType({ description: 'A new categorisation rule' })
export class AddCategoryRuleInput {
  @Field({ description: 'keyword or regex' }) @IsIn(['keyword', 'regex']) matchKind: string;
  @Field({ description: 'A word or phrase (keyword), or a regular expression without nested quantifiers, backreferences or lookarounds (regex)' }) @MinLength(1) @MaxLength(200) pattern: string;
  @Field({ description: 'Category path such as "Home > Kitchen > Mugs"' }) @MinLength(1) @MaxLength(255) categoryPath: string;
  @Field(() => Int, { defaultValue: 0, description: 'Higher first; among equals the older rule wins' }) @Min(-1000) @Max(1000) priority: number;
}

@ObjectType('CategoryRuleCount', { description: 'What one rule matches' })
export class CategoryRuleCountType {
  @Field(() => ID, { description: 'The rule' }) ruleId: number;
  @Field(() => Int, { description: 'Products this rule is the first match of' }) matched: number;
  @Field(() => Int, { description: 'Of those, products whose category changes' }) changes: number;
}

@ObjectType('CategoryRulesOutcome', { description: 'What applying the rules changes (or would change)' })
export class CategoryRulesOutcomeType {
  @Field(() => Int, { description: 'Products rules may set (no category from a catalogue)' }) considered: number;
  @Field(() => [CategoryRuleCountType], { description: 'Per rule, highest priority first' }) rules: CategoryRuleCountType[];
  @Field(() => Int, { description: 'Products a rule had categorised that no rule matches now (category cleared)' }) cleared: number;
  @Field(() => Int, { description: 'Considered products no rule matches' }) unmatched: number;
  @Field(() => Int, { description: 'Products whose category changes (preview) or changed (apply)' }) changed: number;
}
