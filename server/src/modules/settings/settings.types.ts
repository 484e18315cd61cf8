import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { IsIn, IsOptional, Max, Min } from 'class-validator';

@ObjectType('DataSetSettings', { description: 'The validated, versioned settings of one data set' })
export class DataSetSettingsType {
  @Field() dataSet: string;
  @Field(() => Int, { description: '0 while the data set runs on the defaults' }) version: number;
  @Field({ description: 'manual: a person activates every new run; automatic: a run close to the live one goes live by itself' }) activationPolicy: string;
  @Field(() => Float, { description: 'Automatic activation needs at least this adjusted Rand index with the live run' }) minAdjustedRandIndex: number;
  @Field(() => Float, { description: 'Automatic activation refuses a run whose segment shares move by more than this (0.05 = 5 points)' }) maxSizeShift: number;
  @Field(() => Float, { description: 'PSI flagged as a warning from this value (convention 0.1)' }) psiWarning: number;
  @Field(() => Float, { description: 'PSI flagged as an alert from this value (convention 0.25)' }) psiAlert: number;
  @Field(() => String, { nullable: true }) updatedBy: string | null;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
}

@InputType({ description: 'Only the fields given change; the result is validated as a whole' })
export class UpdateDataSetSettingsInput {
  @Field({ nullable: true }) @IsOptional() @IsIn(['manual', 'automatic']) activationPolicy?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-1) @Max(1) minAdjustedRandIndex?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(1) maxSizeShift?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(10) psiWarning?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(10) psiAlert?: number;
  @Field(() => Int, { nullable: true, description: 'The version you edited; a stale one is refused (CONFLICT)' }) @IsOptional() expectedVersion?: number;
}
