import { describe, expect, it } from 'vitest';
import {
  buildCreateOperation, buildGetOneOperation, buildListOperation, chunkIds, cleanFilter, type ResourceSpec,
} from '../../admin/src/dataProvider/queries.js';
import { describeGraphQLError } from '../../admin/src/dataProvider/errors.js';
import { canRoleAccess } from '../../admin/src/access.js';

const customers: ResourceSpec = { type: 'Customer', plural: 'Customers', filterType: 'CustomerFilter', listFields: 'id name', detailFields: 'id name summary { revenue }' };
const users: ResourceSpec = { type: 'User', plural: 'Users', listFields: 'id email', inputFields: ['email', 'name', 'role', 'password'] };
const squash = (query: string) => query.replace(/\s+/g, ' ').trim();

describe('admin data provider: query building', () => {
  it('turns react-admin list params into the 0-based grammar with a filter', () => {
    const { query, variables } = buildListOperation(customers, {
      pagination: { page: 3, perPage: 25 }, sort: { field: 'country', order: 'DESC' }, filter: { q: ' emma ', country: '' },
    });
    expect(variables).toEqual({ page: 2, perPage: 25, sortField: 'country', sortOrder: 'DESC', filter: { q: 'emma' } });
    expect(squash(query)).toBe(squash(`query ListCustomers($page: Int, $perPage: Int, $sortField: String, $sortOrder: String, $filter: CustomerFilter) {
      items: allCustomers(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder, filter: $filter) { id name }
      total: _allCustomersMeta(filter: $filter) { count } }`));
  });

  it('caps the page size at the server maximum of 100', () => {
    expect(buildListOperation(customers, { pagination: { page: 1, perPage: 1000 } }).variables.perPage).toBe(100);
  });

  it('leaves the filter out for lists that take none, and refuses a filter there', () => {
    const { query, variables } = buildListOperation(users, { pagination: { page: 1, perPage: 10 }, filter: {} });
    expect(query).not.toContain('filter');
    expect(query).toContain('total: _allUsersMeta { count }');
    expect(variables).not.toHaveProperty('filter');
    expect(() => buildListOperation(users, { filter: { role: 'admin' } })).toThrow(/cannot be filtered/);
  });

  it('widens date-only bounds to whole UTC days', () => {
    expect(cleanFilter({ orderedAt_gte: '2025-12-01', orderedAt_lte: '2025-12-31', status: null })).toEqual({
      orderedAt_gte: '2025-12-01T00:00:00.000Z', orderedAt_lte: '2025-12-31T23:59:59.999Z',
    });
  });

  it('uses the detail selection for getOne and sends only declared input fields on create', () => {
    expect(buildGetOneOperation(customers, 7)).toEqual({
      query: 'query GetCustomer($id: ID!) { data: Customer(id: $id) { id name summary { revenue } } }', variables: { id: '7' },
    });
    const create = buildCreateOperation(users, { id: 'x', email: 'a@b.co', name: 'A', role: 'analyst', password: 'secret-123', extra: 1 });
    expect(create.query).toContain('mutation CreateUser($input: CreateUserInput!) { data: createUser(input: $input) { id email } }');
    expect(create.variables).toEqual({ input: { email: 'a@b.co', name: 'A', role: 'analyst', password: 'secret-123' } });
  });

  it('splits getMany ids into pages of 100', () => {
    expect(chunkIds(Array.from({ length: 250 }, (_, i) => i)).map((c) => c.length)).toEqual([100, 100, 50]);
  });
});

describe('admin data provider: errors', () => {
  it('maps BAD_USER_INPUT fields to react-admin form errors', () => {
    const described = describeGraphQLError({
      message: 'Invalid input: name (...)',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'name', problems: ['too long', 'not nice'] }, { field: 'email', problems: [] }] },
    });
    expect(described.status).toBe(400);
    expect(described.body?.errors).toMatchObject({ name: 'too long; not nice', email: 'Invalid value', root: { serverError: expect.any(String) } });
  });

  it('gives UNAUTHENTICATED a 401 (the auth provider signs out) and FORBIDDEN a 403', () => {
    expect(describeGraphQLError({ message: 'x', extensions: { code: 'UNAUTHENTICATED' } })).toEqual({ status: 401, code: 'UNAUTHENTICATED', message: 'x' });
    expect(describeGraphQLError({ message: 'x', extensions: { code: 'FORBIDDEN' } }).status).toBe(403);
    expect(describeGraphQLError({ message: 'x' }, 503)).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('admin access rules', () => {
  it('shows users and audit to admins only, jobs actions to staff', () => {
    expect(canRoleAccess('admin', 'users', 'create')).toBe(true);
    expect(canRoleAccess('marketer', 'users', 'list')).toBe(false);
    expect(canRoleAccess('analyst', 'audit', 'list')).toBe(false);
    expect(canRoleAccess('analyst', 'jobs', 'retry')).toBe(true);
    expect(canRoleAccess('integration', 'jobs', 'cancel')).toBe(false);
    expect(canRoleAccess('marketer', 'customers', 'delete')).toBe(false);
    expect(canRoleAccess(null, 'customers', 'list')).toBe(false);
  });
});
