import type { DataProvider, Identifier, RaRecord } from 'react-admin';
import { graphqlRequest } from './graphql-request';
import {
  buildCreateOperation, buildDeleteOperation, buildGetOneOperation, buildListOperation, buildUpdateOperation, chunkIds,
  type GraphQLOperation, type ResourceSpec,
} from './queries';

export { graphqlRequest, GraphQLRequestError } from './graphql-request';
export type { ResourceSpec } from './queries';

/** The custom calls beside react-admin's CRUD methods (used by the jobs buttons). */
export interface SegmentaDataProvider extends DataProvider {
  cancelJob(id: Identifier): Promise<{ data: RaRecord }>;
  retryJob(id: Identifier): Promise<{ data: RaRecord }>;
}

const run = <T>({ query, variables }: GraphQLOperation) => graphqlRequest<T>(query, variables);

/**
 * A small fetch-based provider for the server's ra-data-graphql-simple grammar. `resources`
 * maps react-admin resource names (`customers`) to their GraphQL names and field selections.
 */
export function createDataProvider(resources: { name: string; api: ResourceSpec }[]): SegmentaDataProvider {
  const specs = new Map(resources.map((r) => [r.name, r.api]));
  const specOf = (resource: string): ResourceSpec => {
    const spec = specs.get(resource);
    if (!spec) throw new Error(`Unknown resource "${resource}"`);
    return spec;
  };

  const list = async (resource: string, params: Parameters<typeof buildListOperation>[1]) => {
    const result = await run<{ items: RaRecord[]; total: { count: number } }>(buildListOperation(specOf(resource), params));
    return { data: result.items, total: result.total.count };
  };

  const jobMutation = (name: 'cancelJob' | 'retryJob') => async (id: Identifier) => {
    const spec = specOf('jobs');
    const result = await graphqlRequest<{ data: RaRecord }>(
      `mutation ${name[0].toUpperCase()}${name.slice(1)}($id: ID!) { data: ${name}(id: $id) { ${spec.listFields} } }`,
      { id: String(id) },
    );
    return { data: result.data };
  };

  return {
    getList: (resource, params) => list(resource, params) as never,

    async getOne(resource, params) {
      const result = await run<{ data: RaRecord }>(buildGetOneOperation(specOf(resource), params.id));
      return { data: result.data } as never;
    },

    async getMany(resource, params) {
      const pages = await Promise.all(
        chunkIds(params.ids).map((ids) => list(resource, { pagination: { page: 1, perPage: ids.length }, filter: { ids: ids.map(String) } })),
      );
      return { data: pages.flatMap((page) => page.data) } as never;
    },

    getManyReference: (resource, params) =>
      list(resource, { ...params, filter: { ...params.filter, [params.target]: String(params.id) } }) as never,

    async create(resource, params) {
      const result = await run<{ data: RaRecord }>(buildCreateOperation(specOf(resource), params.data));
      return { data: result.data } as never;
    },

    async update(resource, params) {
      const result = await run<{ data: RaRecord }>(buildUpdateOperation(specOf(resource), params.id, params.data));
      return { data: result.data } as never;
    },

    async updateMany(resource, params) {
      await Promise.all(params.ids.map((id) => run(buildUpdateOperation(specOf(resource), id, params.data))));
      return { data: params.ids };
    },

    async delete(resource, params) {
      await run(buildDeleteOperation(specOf(resource), params.id));
      return { data: params.previousData ?? ({ id: params.id } as never) };
    },

    async deleteMany(resource, params) {
      await Promise.all(params.ids.map((id) => run(buildDeleteOperation(specOf(resource), id))));
      return { data: params.ids };
    },

    cancelJob: jobMutation('cancelJob'),
    retryJob: jobMutation('retryJob'),
  };
}
