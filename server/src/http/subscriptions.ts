import type http from 'node:http';
import { getOperationAST, GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { GraphQLContext, Principal } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import { makeFormatError } from '../graphql/format-error.js';
import { principalFromApiKey, principalFromSession, SESSION_COOKIE } from '../modules/auth/index.js';
import { bearerToken } from './auth-challenge.js';
import { parseCookies } from './cookies.js';
import type { KeyRateLimiter } from './key-rate-limit.js';
import { requestIdFrom } from './request-id.js';

/** The `graphql-ws` subprotocol, served on the same path as the HTTP API. */
export const SUBSCRIPTIONS_PATH = '/graphql';

type ConnectionExtra = { principal?: Principal; requestId?: string };

/**
 * A browser sends its cookies with any page's WebSocket, so a cookie-authenticated connection
 * must come from a page of this server (cross-site WebSocket hijacking). A key in
 * connectionParams is never sent by a browser on its own.
 */
function sameOrigin(request: http.IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try { return new URL(origin).host === request.headers.host; } catch { return false; }
}

/**
 * GraphQL subscriptions over the `graphql-ws` protocol, authenticated like the HTTP API: a key as
 * `Authorization: Bearer …` in connectionParams (or the upgrade request's header), else the
 * session cookie. A connection without either is closed with 4403 before any subscription
 * starts; each subscription then passes the same access guard and scopes as a query.
 * Only subscriptions are served here: queries and mutations keep to POST /graphql, with its
 * limits, CSRF defence and audit.
 */
export function mountSubscriptions(
  httpServer: http.Server, schema: GraphQLSchema,
  deps: { config: AppConfig; dataSource: DataSource; logger: Logger; keyLimiter: KeyRateLimiter },
): { dispose(): Promise<void> } {
  const { config, dataSource, logger, keyLimiter } = deps;
  const formatError = makeFormatError(logger);
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));
  const wss = new WebSocketServer({ server: httpServer, path: SUBSCRIPTIONS_PATH, maxPayload: config.graphql.bodyLimitBytes });
  const cleanup = useServer<Record<string, unknown> | undefined, ConnectionExtra>({
    schema,
    async onConnect(ctx) {
      const request = ctx.extra.request;
      const params = ctx.connectionParams ?? {};
      const header = params.Authorization ?? params.authorization ?? request.headers.authorization;
      const token = bearerToken(typeof header === 'string' ? header : undefined);
      let principal: Principal | null = null;
      if (token !== null) {
        principal = await principalFromApiKey(dataSource, token);
        // One request's worth of the key's limit per connection: reconnect loops are throttled too.
        if (principal && (await keyLimiter.hit(principal.actor)).retryAfter > 0) return false;
      } else {
        const cookie = parseCookies(request.headers.cookie)[SESSION_COOKIE];
        if (cookie && sameOrigin(request)) principal = await principalFromSession(dataSource, config, cookie);
      }
      if (!principal) return false;
      ctx.extra.principal = principal;
      ctx.extra.requestId = requestIdFrom(typeof request.headers['x-request-id'] === 'string' ? request.headers['x-request-id'] : undefined);
      return true;
    },
    onSubscribe(ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] {
      let document;
      try { document = parse(payload.query, { maxTokens: config.graphql.maxTokens }); } catch (error) { return [error as GraphQLError]; }
      const operation = getOperationAST(document, payload.operationName);
      if (operation?.operation !== 'subscription') {
        return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql')];
      }
      const invalid = validate(schema, document);
      if (invalid.length) return invalid;
      const contextValue: GraphQLContext = {
        requestId: ctx.extra.requestId ?? requestIdFrom(undefined), principal: ctx.extra.principal ?? null,
        ip: ctx.extra.request.socket.remoteAddress ?? null, config, dataSource, logger, loaders: createLoaders(dataSource),
      };
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    },
    onError: (_ctx, _id, _payload, errors) => format(errors),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : result),
  }, wss);
  return {
    async dispose() {
      // Completes every subscription (their pollers stop) and closes the sockets with 1001.
      await cleanup.dispose();
    },
  };
}
