/**
 * Errors a client can act on: a GraphQLError with a stable `extensions.code`. Anything else that
 * escapes a resolver is a bug and reaches the client as INTERNAL_SERVER_ERROR.
 */
import { GraphQLError } from 'graphql';

export type ApiErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'CONFLICT' | 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'RATE_LIMITED' | 'ARTIFACT_STORAGE';

export class ApiError extends GraphQLError {
  /** `status` and `headers` set the HTTP response's (Apollo reads them from extensions.http and strips them). */
  constructor(message: string, code: ApiErrorCode, options: { status?: number; headers?: Record<string, string>; cause?: unknown } = {}) {
    const http = options.status ? { http: { status: options.status, ...(options.headers ? { headers: new Map(Object.entries(options.headers)) } : {}) } } : {};
    super(message, { extensions: { code, ...http }, originalError: options.cause instanceof Error ? options.cause : undefined });
  }
}

export const badInput = (message: string, cause?: unknown): ApiError => new ApiError(message, 'BAD_USER_INPUT', { cause });

export const notFound = (what: string, id: string): ApiError => new ApiError(`${what} ${id} not found`, 'NOT_FOUND');
