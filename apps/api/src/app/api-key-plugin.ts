/**
 * With GRADCAM_API_KEY set, mutations need `Authorization: Bearer <key>`; queries stay open.
 * Checked once the operation is known, so no resolver can forget it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApiError } from '../errors/api-error';

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function apiKeyPlugin<T extends object>(apiKey: string | undefined): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      if (!apiKey) return;
      return {
        async didResolveOperation({ operation, request }) {
          if (operation?.operation !== 'mutation') return;
          const header = request.http?.headers.get('authorization') ?? '';
          const match = /^Bearer\s+(.+)$/i.exec(header.trim());
          if (!match || !sameKey(match[1]!, apiKey)) throw new ApiError('mutations need the header Authorization: Bearer <GRADCAM_API_KEY>', 'UNAUTHENTICATED', { status: 401 });
        },
      };
    },
  };
}
