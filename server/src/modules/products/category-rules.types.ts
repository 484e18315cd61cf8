import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsIn, Max, MaxLength, Min, MinLength } from 'class-validator';

@ObjectType('CategoryRule', { description: 'A keyword or regular expression on product descriptions that sets a category' })
export class CategoryRuleType {
  @Field(() => ID) id: number;
  @Field({ description: 'keyword (a whole word or phrase, any letter case) or regex (case-insensitive)' }) matchKind: string;
  @Field() pattern: string;
  @Field({ description: 'Category path such as "Home > Kitchen"; products take its first level as their category' }) categoryPath: string;
  @Field(() => Int, { description: 'Higher first; among equals the older rule wins' }) priority: number;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
}

@InputType()
export class AddCategoryRuleInput {
  @Field() @IsIn(['keyword', 'regex']) matchKind: string;
  @Field() @MinLength(1) @MaxLength(200) pattern: string;
  @Field() @MinLength(1) @MaxLength(255) categoryPath: string;
  @Field(() => Int, { defaultValue: 0 }) @Min(-1000) @Max(1000) priority: number;
}

@ObjectType('CategoryRuleCount')
export class CategoryRuleCountType {
  @Field(() => ID) ruleId: number;
  @Field(() => Int, { description: 'Products this rule is the first match of' }) matched: number;
  @Field(() => Int, { description: 'Of those, products whose category changes' }) changes: number;
}

@ObjectType('CategoryRulesOutcome')
export class CategoryRulesOutcomeType {
  @Field(() => Int, { description: 'Products rules may set (no category from a catalogue)' }) considered: number;
  @Field(() => [CategoryRuleCountType]) rules: CategoryRuleCountType[];
  @Field(() => Int, { description: 'Products a rule had categorised that no rule matches now (category cleared)' }) cleared: number;
  @Field(() => Int) unmatched: number;
  @Field(() => Int, { description: 'Products whose category changes (preview) or changed (apply)' }) changed: number;
}
