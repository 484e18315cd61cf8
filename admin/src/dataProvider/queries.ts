/**
 * Builds the GraphQL operations of the ra-data-graphql-simple grammar the server follows:
 * `allXs(page, perPage, sortField, sortOrder, filter)`, `_allXsMeta(filter) { count }`, `X(id)`,
 * `createX(input)`, `updateX(id, input)`, `deleteX(id)`. Pure functions, unit-tested.
 */
export interface ResourceSpec {
  /** GraphQL type name, e.g. `Customer` (→ `Customer(id)`, `createCustomer`). */
  type: string;
  /** Plural used by the list queries, e.g. `Customers` (→ `allCustomers`). */
  plural: string;
  /** Selection for list rows: keep it flat so 100 rows stay under the server's cost limit. */
  listFields: string;
  /** Selection for the detail page (defaults to listFields). */
  detailFields?: string;
  /** Name of the filter input type; absent when the list query takes no filter. */
  filterType?: string;
  /** Record keys sent as the `input` of create/update mutations. */
  inputFields?: string[];
  /** Record keys sent by update mutations when they differ from inputFields (users: no e-mail or password). */
  updateFields?: string[];
  /** Input type names when the server does not follow `CreateXInput` / `UpdateXInput` (campaigns share `CampaignInput`). */
  createInputType?: string;
  updateInputType?: string;
}

export interface GraphQLOperation {
  query: string;
  variables: Record<string, unknown>;
}

export interface ListParams {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: string };
  filter?: Record<string, unknown>;
}

export const MAX_PER_PAGE = 100;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Drops empty values (cleared filter inputs) and widens date-only bounds to whole UTC days,
 * since the server's DateTimeISO scalar wants a full timestamp.
 */
export function cleanFilter(filter: Record<string, unknown> = {}): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(filter)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' && DATE_ONLY.test(value) && key.endsWith('_gte')) clean[key] = `${value}T00:00:00.000Z`;
    else if (typeof value === 'string' && DATE_ONLY.test(value) && key.endsWith('_lte')) clean[key] = `${value}T23:59:59.999Z`;
    else clean[key] = value;
  }
  return clean;
}

export function buildListOperation(spec: ResourceSpec, params: ListParams): GraphQLOperation {
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  const filter = cleanFilter(params.filter);
  const hasFilter = Object.keys(filter).length > 0;
  if (hasFilter && !spec.filterType) throw new Error(`${spec.plural} cannot be filtered`);
  const variables: Record<string, unknown> = {
    page: Math.max(0, page - 1),
    perPage: Math.min(Math.max(1, perPage), MAX_PER_PAGE),
  };
  if (params.sort?.field) {
    variables.sortField = params.sort.field;
    variables.sortOrder = params.sort.order === 'DESC' ? 'DESC' : 'ASC';
  }
  const filterDecl = spec.filterType ? `, $filter: ${spec.filterType}` : '';
  const filterArg = spec.filterType ? ', filter: $filter' : '';
  const metaArgs = spec.filterType ? '(filter: $filter)' : '';
  if (spec.filterType) variables.filter = filter;
  const query = `query List${spec.plural}($page: Int, $perPage: Int, $sortField: String, $sortOrder: String${filterDecl}) {
  items: all${spec.plural}(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder${filterArg}) { ${spec.listFields} }
  total: _all${spec.plural}Meta${metaArgs} { count }
}`;
  return { query, variables };
}

export function buildGetOneOperation(spec: ResourceSpec, id: string | number): GraphQLOperation {
  return {
    query: `query Get${spec.type}($id: ID!) { data: ${spec.type}(id: $id) { ${spec.detailFields ?? spec.listFields} } }`,
    variables: { id: String(id) },
  };
}

/** Only the declared input fields, so react-admin's extra record keys never reach strict inputs. */
export function pickInput(spec: ResourceSpec, data: Record<string, unknown>, fields = spec.inputFields): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of fields ?? []) if (data[key] !== undefined) input[key] = data[key];
  return input;
}

export function buildCreateOperation(spec: ResourceSpec, data: Record<string, unknown>): GraphQLOperation {
  return {
    query: `mutation Create${spec.type}($input: ${spec.createInputType ?? `Create${spec.type}Input`}!) { data: create${spec.type}(input: $input) { ${spec.detailFields ?? spec.listFields} } }`,
    variables: { input: pickInput(spec, data) },
  };
}

export function buildUpdateOperation(spec: ResourceSpec, id: string | number, data: Record<string, unknown>): GraphQLOperation {
  return {
    query: `mutation Update${spec.type}($id: ID!, $input: ${spec.updateInputType ?? `Update${spec.type}Input`}!) { data: update${spec.type}(id: $id, input: $input) { ${spec.detailFields ?? spec.listFields} } }`,
    variables: { id: String(id), input: pickInput(spec, data, spec.updateFields ?? spec.inputFields) },
  };
}

export function buildDeleteOperation(spec: ResourceSpec, id: string | number): GraphQLOperation {
  return { query: `mutation Delete${spec.type}($id: ID!) { data: delete${spec.type}(id: $id) { id } }`, variables: { id: String(id) } };
}

/** getMany asks by `filter.ids`, at most one page (100) per request. */
export function chunkIds<T>(ids: readonly T[], size = MAX_PER_PAGE): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}
