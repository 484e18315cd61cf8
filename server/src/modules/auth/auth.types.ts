import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id: number;
  @Field() email: string;
  @Field() name: string;
  @Field({ description: 'admin, marketer or analyst' }) role: string;
  @Field() disabled: boolean;
  @Field() createdAt: Date;
}

@ObjectType('Me')
export class MeType {
  @Field(() => ID) id: number;
  @Field({ description: 'user, apikey or cli' }) kind: string;
  @Field() role: string;
  @Field() name: string;
}

@ObjectType('ApiKey', { description: 'An integration key (its secret is shown once, at creation or rotation)' })
export class ApiKeyType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field({ description: 'The first characters of the secret, to recognise the key' }) prefix: string;
  @Field(() => [String], { description: 'What the key may do: read, read:tags, read:customers, read:segments, score, export, write:ingest (docs/security.md)' }) scopes: string[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'The key stops working at this instant (null: never)' }) expiresAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The key this one replaced in a rotation' }) rotatedFromId: number | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
  @Field({ description: 'The key itself: shown once, store it now' }) secret: string;
}

@ArgsType()
export class LoginArgs {
  @Field() @IsEmail() @MaxLength(191) email: string;
  @Field() @Length(1, 200) password: string;
}

@InputType()
export class CreateUserInput {
  @Field() @IsEmail() @MaxLength(191) email: string;
  @Field() @Length(1, 191) name: string;
  @Field() @IsIn(['admin', 'marketer', 'analyst']) role: string;
  @Field() @Length(8, 200) password: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() @Length(1, 128) name: string;
  @Field(() => [String], { nullable: true, description: 'Scopes (default read); unknown scopes are refused' }) @IsOptional() @ArrayMaxSize(10) scopes?: string[];
  @Field(() => Date, { nullable: true, description: 'When the key stops working (default: never)' }) @IsOptional() expiresAt?: Date;
}

@ObjectType('RotatedApiKey', { description: 'A rotation: the new key, and the old one with the expiry the overlap gave it' })
export class RotatedApiKey {
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
  @Field({ description: 'The new key itself: shown once, store it now' }) secret: string;
  @Field(() => ApiKeyType, { description: 'The old key, valid until its expiresAt' }) replaced: ApiKeyType;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true }) @IsOptional() @Length(1, 191) name?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['admin', 'marketer', 'analyst']) role?: string;
  @Field({ nullable: true, description: 'A disabled user cannot sign in; their sessions end' }) @IsOptional() disabled?: boolean;
  @Field({ nullable: true }) @IsOptional() @Length(8, 200) password?: string;
}

@InputType()
export class UserFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true, description: 'Matches e-mail or name' }) @IsOptional() @MaxLength(100) q?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['admin', 'marketer', 'analyst']) role?: string;
}

@InputType()
export class AuditEntryFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) actor?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) action?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['ok', 'refused', 'error']) outcome?: string;
  @Field({ nullable: true }) @IsOptional() createdAt_gte?: Date;
  @Field({ nullable: true }) @IsOptional() createdAt_lte?: Date;
}

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => ID) id: number;
  @Field() actor: string;
  @Field() action: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Arguments, with secrets and personal values redacted' }) details: Record<string, unknown> | null;
  @Field() outcome: string;
  @Field(() => String, { nullable: true }) ip: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field() createdAt: Date;
}
