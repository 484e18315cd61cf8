import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchema } from 'graphql';
import { getSchema } from '../server/src/graphql/schema.js';

describe('schema.graphql', () => {
  it('is the schema the server builds (run `npm run schema:emit` after changing the API)', async () => {
    const committed = fs.readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(printSchema(await getSchema()) + '\n').toBe(committed);
  });
});
