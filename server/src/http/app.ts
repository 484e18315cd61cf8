import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import { printSchema } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { getSchema } from '../graphql/schema.js';
import type { GraphQLContext, Principal } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import { isDatabaseUnavailable, isInternalError, makeFormatError } from '../graphql/format-error.js';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from '../db/pool-wait.js';
import { waitStatusOf } from './error-status.js';
import { DatabaseProbe, mountHealthRoutes } from './health.js';
import { DeepHealth } from './deep-health.js';
import { isStatementTimeout, QUERY_TIMEOUT_MESSAGE, withStatementLimit } from '../db/statement-timeout.js';
import { checkQueryLimits } from '../graphql/limits.js';
import { principalFromSession, principalFromApiKey, SESSION_COOKIE } from '../modules/auth/index.js';
import { parseCookies } from './cookies.js';
import { RateLimiter } from './rate-limit.js';
import { KeyRateLimiter, setRateLimitHeaders } from './key-rate-limit.js';
import { authChallenge, bearerToken, sendUnauthenticated } from './auth-challenge.js';
import { mountRoutes } from './routes.js';
import { requestIdFrom } from './request-id.js';
import { securityHeaders } from './security-headers.js';
import { mountSubscriptions } from './subscriptions.js';

declare module 'express-serve-static-core' {
  interface Request { requestId: string; principal: Principal | null }
}

export interface RunningServer { url: string; port: number; close(): Promise<void> }

/** admin/dist of the repository, found from the TypeScript source or from the compiled server. */
function findAdminDist(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'admin', 'dist');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/** What a 503 tells clients to wait: long enough to not hammer a recovering database. */
const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;
const DATABASE_UNAVAILABLE = 'The database is not reachable; try again shortly';
const DATABASE_BUSY = `The database is busy; retry after ${BUSY_RETRY_AFTER_SECONDS} s`;

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

function graphqlError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}) {
  res.status(status).set(headers).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** 401 for a missing sign-in, 403 for a key without the scope; null for other errors. */
function authDenialOf(errors: readonly { extensions?: Record<string, unknown> }[]): { status: number; challenge: string } | null {
  if (errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return { status: 401, challenge: authChallenge(false) };
  const scoped = errors.find((e) => e.extensions?.code === 'FORBIDDEN' && typeof (e.extensions?.details as { scope?: unknown } | undefined)?.scope === 'string');
  if (scoped) return { status: 403, challenge: `Bearer realm="segmenta", error="insufficient_scope", scope="${(scoped.extensions!.details as { scope: string }).scope}"` };
  return null;
}

function busyError(res: Response) {
  graphqlError(res, 503, 'BUSY', DATABASE_BUSY, { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) }, { retryAfter: BUSY_RETRY_AFTER_SECONDS });
}

export async function createHttpServer(config: AppConfig, dataSource: DataSource, logger: Logger, opts: { adminDist?: string | null } = {}) {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For names the client only when the peer is a configured proxy: otherwise any
  // client could pick its own address for the rate limit, the login throttle and the audit log.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders({ https: config.session.cookieSecure }));
  // gzip or deflate when the client accepts it (the tags feed and CSV files shrink about tenfold).
  app.use(compression());
  const httpServer = http.createServer(app);
  // Idle keep-alive connections stay open longer than the clients and proxies in front of the API
  // keep theirs (load balancers: typically 60 s). With Node's 5 s default, a client that reuses a
  // connection just as the server closes it gets "socket hang up" (the API bench saw a few per run).
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const limiter = new RateLimiter(config.rateLimit.perMinute);
  const keyLimiter = new KeyRateLimiter(dataSource, config.rateLimit.perKeyPerMinute);

  // The database is asked on a connection of its own (http/health.ts): a busy pool is not "down".
  const probe = new DatabaseProbe(dataSource);
  // /health is the deep check: the core paths of this process work (http/deep-health.ts).
  const health = new DeepHealth(dataSource, config, probe);
  app.get('/health', async (_req, res) => {
    const report = await health.check();
    res.set('cache-control', 'no-store');
    if (report.healthy) {
      res.json({ status: 'ok', ...report.checks });
    } else {
      logger.warn({ reason: report.reason }, 'health check failed');
      res.status(503).set('retry-after', String(RETRY_AFTER_UNAVAILABLE_SECONDS)).json({ status: 'unavailable', reason: report.reason, ...report.checks });
    }
  });
  mountHealthRoutes(app, { probe, logger, retryAfterSeconds: RETRY_AFTER_UNAVAILABLE_SECONDS });

  // Every statement a request sends (its principal lookup included) carries the time limit.
  app.use((_req, _res, next) => withStatementLimit(config.dbStatementTimeoutMs, next));

  // Who is calling: bearer API key, else session cookie. Failures of the database answer 503.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    req.requestId = requestIdFrom(req.get('x-request-id'));
    res.set('x-request-id', req.requestId);
    req.cookies = parseCookies(req.get('cookie'));
    req.principal = null;
    try {
      const token = bearerToken(req.get('authorization'));
      if (token !== null) {
        req.principal = await principalFromApiKey(dataSource, token);
        if (!req.principal) return sendUnauthenticated(res, 'Unknown, revoked or expired API key', true);
        // Per key, counted in the database: every API process enforces the same limit.
        const state = await keyLimiter.hit(req.principal.actor);
        setRateLimitHeaders(res, state);
        if (state.retryAfter > 0) return graphqlError(res, 429, 'RATE_LIMITED', `Rate limit of ${state.limit} requests a minute reached; retry in ${state.retryAfter} s`, {}, { retryAfter: state.retryAfter });
        return next();
      }
      if (req.cookies[SESSION_COOKIE]) {
        req.principal = await principalFromSession(dataSource, config, req.cookies[SESSION_COOKIE]);
      }
    } catch (error) {
      if (isDatabaseBusy(error)) return busyError(res);
      if (isDatabaseUnavailable(error)) return graphqlError(res, 503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE, { 'retry-after': String(RETRY_AFTER_UNAVAILABLE_SECONDS) });
      return next(error);
    }
    const wait = limiter.hit(req.principal?.actor ?? `ip:${req.ip}`);
    if (wait > 0) return graphqlError(res, 429, 'RATE_LIMITED', `Too many requests; retry in ${wait} s`, { 'retry-after': String(wait) });
    next();
  });

  const schema = await getSchema();
  // The SDL integrators generate clients from: the same text as the committed schema.graphql.
  const sdl = printSchema(schema) + '\n';
  // In production, where introspection is off, only signed-in callers and API keys may read it.
  app.get('/schema.graphql', (req, res) => {
    if (config.env === 'production' && !req.principal) return sendUnauthenticated(res, 'Sign in or send an API key to read the schema', false);
    res.set({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' }).send(sdl);
  });
  // Subscriptions (graphql-ws) upgrade on the same path; closed with the server (drainServer below).
  const subscriptions = mountSubscriptions(httpServer, schema, { config, dataSource, logger, keyLimiter });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.env !== 'production',
    // With introspection off, "Did you mean ...?" hints would leak the schema piece by piece.
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Automatic persisted queries are not used by our clients; off, they are one cache less to fill.
    persistedQueries: false,
    formatError: makeFormatError(logger),
    parseOptions: { maxTokens: config.graphql.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { drainServer: () => subscriptions.dispose() }; } },
      // Both are on by default and hook every field's resolution: about 20 KB of allocations per
      // request (a sixth of Apollo's share) for cache hints we never give and traces we never send.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          return {
            // Limits need the variables (page sizes), so they run here rather than as validation rules.
            async didResolveOperation(ctx) {
              checkQueryLimits(ctx.document, ctx.operationName, (ctx.request.variables ?? {}) as Record<string, unknown>, config.graphql, ctx.schema);
            },
            async didEncounterErrors(ctx) {
              for (const error of ctx.errors) {
                if (isInternalError(error)) logger.error({ err: error.originalError, requestId: ctx.contextValue.requestId, path: error.path }, 'error in resolver');
              }
            },
            async willSendResponse(ctx) {
              // Answers hold personal data: never stored by browsers or proxies (the cache-control
              // plugin said so too, before it was turned off above).
              ctx.response.http.headers.set('cache-control', 'no-store');
              // Masked errors carry the request id so support can find the logged stack.
              const body = ctx.response.body;
              const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
              if (!errors) return;
              // Nothing could be answered because the database is away or busy, or a sign-in must
              // wait: say so at the HTTP level too, so load balancers and clients retry instead of
              // treating it as a success.
              const wait = body.kind === 'single' && !body.singleResult.data ? waitStatusOf(errors, RETRY_AFTER_UNAVAILABLE_SECONDS) : null;
              if (wait) {
                ctx.response.http.status = wait.status;
                ctx.response.http.headers.set('retry-after', String(wait.retryAfter));
              }
              // Authentication failures are 401 with a challenge, as on every route; a key
              // without the scope a field needs is 403 (insufficient_scope, RFC 6750).
              // Only when nothing was answered: a query that also asked for something it may read keeps 200.
              const answered = body.kind === 'single' && body.singleResult.data && Object.values(body.singleResult.data).some((value) => value !== null);
              const denial = !wait && !answered ? authDenialOf(errors) : null;
              if (denial) {
                ctx.response.http.status = denial.status;
                ctx.response.http.headers.set('www-authenticate', denial.challenge);
              }
              for (const error of errors) {
                if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
                  (error as { message: string }).message = `Internal error (request ${ctx.contextValue.requestId})`;
                  (error.extensions as Record<string, unknown>).requestId = ctx.contextValue.requestId;
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // The limit again after the body is read: the parser's stream events run outside the request's context.
  app.use('/graphql', express.json({ limit: config.graphql.bodyLimitBytes }), (_req, _res, next) => withStatementLimit(config.dbStatementTimeoutMs, next), expressMiddleware(apollo, {
    context: async ({ req, res }) => ({
      requestId: req.requestId, principal: req.principal, ip: req.ip ?? null, config, dataSource, logger,
      loaders: createLoaders(dataSource), req, res,
    }),
  }));

  mountRoutes(app, { config, dataSource, logger });

  const adminDist = opts.adminDist === undefined ? findAdminDist() : opts.adminDist;
  if (adminDist && fs.existsSync(path.join(adminDist, 'index.html'))) {
    app.use(express.static(adminDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!graphql|api|health|schema\.graphql$).*/, (_req, res) => res.sendFile(path.join(adminDist, 'index.html')));
  }

  app.use((error: Error & { type?: string; status?: number; expose?: boolean }, req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') return graphqlError(res, 413, 'BAD_USER_INPUT', `Request body over the ${config.graphql.bodyLimitBytes}-byte limit`);
    if (error.type === 'entity.parse.failed') return graphqlError(res, 400, 'BAD_USER_INPUT', 'Request body is not valid JSON');
    if (error.type === 'charset.unsupported') return graphqlError(res, 415, 'BAD_REQUEST', 'Send the request body as UTF-8 JSON');
    if (error.type === 'encoding.unsupported') return graphqlError(res, 415, 'BAD_REQUEST', 'Unsupported Content-Encoding');
    // Other body-parser refusals (aborted upload, bad gzip, wrong length): the request is at fault.
    if (error.expose && error.status && error.status >= 400 && error.status < 500) return graphqlError(res, error.status, 'BAD_REQUEST', 'Malformed request body');
    if (isDatabaseBusy(error)) return busyError(res);
    if (isStatementTimeout(error)) return graphqlError(res, 503, 'QUERY_TIMEOUT', QUERY_TIMEOUT_MESSAGE);
    if (isDatabaseUnavailable(error)) return graphqlError(res, 503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE, { 'retry-after': String(RETRY_AFTER_UNAVAILABLE_SECONDS) });
    logger.error({ err: error, requestId: req.requestId }, 'unhandled HTTP error');
    graphqlError(res, error.status && error.status < 500 ? error.status : 500, 'INTERNAL_SERVER_ERROR', `Internal error (request ${req.requestId})`);
  });

  return {
    app,
    health,
    async listen(port = config.port, host = config.host): Promise<RunningServer> {
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const address = httpServer.address() as { port: number };
      return {
        url: `http://${host}:${address.port}`,
        port: address.port,
        close: async () => { await apollo.stop(); probe.close(); },
      };
    },
  };
}
