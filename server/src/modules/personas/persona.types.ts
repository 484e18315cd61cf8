import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';

@ObjectType('Persona')
export class PersonaType {
  @Field(() => ID) id: number;
  @Field(() => ID) segmentId: number;
  @Field() name: string;
  @Field() description: string;
  @Field(() => [String], { description: 'Suggested plays for marketers' }) plays: string[];
  @Field({ description: 'The RFM group the segment reads as' }) rfmVocabulary: string;
  @Field({ description: 'True once a person edited it' }) edited: boolean;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) updatedBy: string | null;
  @Field() updatedAt: Date;
  @Field({ description: 'drafted (first run), carried (kept from the matched segment of the run live before) or new (no live segment matched)' }) origin: string;
  @Field(() => ID, { nullable: true, description: 'The persona this one was carried over from' }) carriedFromPersonaId: number | null;
}

@ObjectType('PersonaEdit')
export class PersonaEditType {
  @Field(() => ID) id: number;
  @Field(() => Int) version: number;
  @Field() name: string;
  @Field() description: string;
  @Field(() => [String]) plays: string[];
  @Field(() => String, { nullable: true }) editedBy: string | null;
  @Field() editedAt: Date;
}

@InputType()
export class UpdatePersonaInput {
  @Field({ nullable: true }) @IsOptional() @Length(1, 128) name?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(4000) description?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @MaxLength(300, { each: true }) plays?: string[];
  @Field(() => Int, { nullable: true, description: 'The version you edited; a stale version is refused (CONFLICT) instead of overwriting a newer edit' }) @IsOptional() expectedVersion?: number;
}
