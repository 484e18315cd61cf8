import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, Length, MaxLength } from 'class-validator';

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

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() prefix: string;
  @Field(() => [String]) scopes: string[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
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
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(10) scopes?: string[];
}

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => ID) id: number;
  @Field() actor: string;
  @Field() action: string;
  @Field() outcome: string;
  @Field(() => String, { nullable: true }) ip: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field() createdAt: Date;
}
