/**
 * A per-client budget of mutations and expensive queries a minute (rate-limiter-flexible), so
 * that one client cannot keep the engine or the database busy for everyone. A client is its bearer
 * token (hashed) when it sends one, else its address. A mutation costs 1 point, a query 1 point
 * per EXPENSIVE_COST of its cost (query-limits.ts); cheap queries are free. Over budget: 429,
 * RATE_LIMITED, with Retry-After, before anything runs. Counted per API process.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors/api-error';
import type { ApiContext } from './context';
import { fragmentsOf, measureOperation } from './query-limits';

/** A query costing this much (a compareRuns, a page of a few hundred samples) spends a point. */
export const EXPENSIVE_COST = 1000;

/** The rate limit's key for a request. */
export function clientOf(req: IncomingMessage): string {
  const auth = req.headers.authorization;
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 32)}`;
  return `address:${req.socket.remoteAddress ?? 'unknown'}`;
}

export function rateLimitPlugin(perMinute: number): ApolloServerPlugin<ApiContext> {
  const limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : undefined;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!limiter || !operation) return;
          const points =
            operation.operation === 'mutation' ? 1 : Math.floor(measureOperation(schema, operation, fragmentsOf(document), request.variables ?? {}).cost / EXPENSIVE_COST);
          if (points === 0) return;
          try {
            await limiter.consume(contextValue.client, points);
          } catch (err) {
            if (!(err instanceof RateLimiterRes)) throw err;
            const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
            throw new ApiError(`over the limit of ${perMinute} mutations and expensive queries a minute (GRADCAM_RATE_LIMIT): retry in ${seconds} s`, 'RATE_LIMITED', {
              status: 429,
              headers: { 'retry-after': String(seconds) },
            });
          }
        },
      };
    },
  };
}
