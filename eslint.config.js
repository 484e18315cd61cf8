// The schema lint (test/schema-lint.test.ts runs it): descriptions on every type, field and
// argument of the emitted schema.graphql. Names described nowhere yet are listed in
// schema/undescribed.txt, a list that may only shrink.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema.graphql', 'schema/**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/require-description': ['error', { types: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true }],
    },
  },
];
