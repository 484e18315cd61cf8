import type { AuthProvider } from 'react-admin';
import { graphqlRequest } from './dataProvider';
import { canRoleAccess } from './access';

export interface Me {
  id: string;
  kind: string;
  role: string;
  name: string;
}

const ME_FIELDS = 'id kind role name';
/** react-admin asks for the identity, permissions and access many times per page: share one answer briefly. */
const ME_MAX_AGE_MS = 3000;
let cachedMe: { at: number; me: Promise<Me | null> } | null = null;

function fetchMe(): Promise<Me | null> {
  if (cachedMe && Date.now() - cachedMe.at < ME_MAX_AGE_MS) return cachedMe.me;
  const me = graphqlRequest<{ me: Me | null }>(`query Me { me { ${ME_FIELDS} } }`).then((r) => r.me);
  cachedMe = { at: Date.now(), me };
  me.catch(() => { cachedMe = null; });
  return me;
}

/** Cookie sessions: the server sets and clears the httpOnly `segmenta_session` cookie. */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    cachedMe = null;
    const { login } = await graphqlRequest<{ login: Me }>(
      `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${ME_FIELDS} } }`,
      { email: username, password },
    );
    cachedMe = { at: Date.now(), me: Promise.resolve(login) };
  },

  async logout() {
    // react-admin also "logs out" when checkAuth fails on a signed-out visit; only a known
    // session needs the server (each logout call is an audit row).
    const known = cachedMe ? await cachedMe.me.catch(() => null) : undefined;
    cachedMe = null;
    if (known === null) return;
    // Signing out locally must work even when the server is unreachable.
    await graphqlRequest('mutation Logout { logout }').catch(() => undefined);
  },

  async checkAuth() {
    const me = await fetchMe();
    if (!me) throw { redirectTo: '/login', message: false };
  },

  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      cachedMe = null;
      throw error;
    }
    // FORBIDDEN and the rest are shown as notifications; they do not end the session.
  },

  async getIdentity() {
    const me = await fetchMe();
    if (!me) throw new Error('Not signed in');
    return { id: me.id, fullName: me.name, role: me.role, kind: me.kind };
  },

  async getPermissions() {
    return (await fetchMe())?.role ?? null;
  },

  async canAccess({ resource, action }: { resource: string; action: string }) {
    return canRoleAccess((await fetchMe())?.role, resource, action);
  },
};
