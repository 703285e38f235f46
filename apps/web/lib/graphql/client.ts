/**
 * The dashboard's only way to the API: typed documents (generated from apps/api/schema.graphql)
 * sent from the server, never from the browser, so the API's address and key stay server-side.
 */
import 'server-only';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print } from 'graphql';
import { apiKey, apiUrl } from '../env';
import type { ApiResult } from './api-problem';
import { OPERATION_NEEDS } from './generated/api-coverage';

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function operationOf(document: TypedDocumentNode<unknown, unknown>): { name: string; isMutation: boolean } {
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION || !op.name) throw new Error('a GraphQL document without a named operation');
  return { name: op.name.value, isMutation: op.operation === 'mutation' };
}

const printed = new WeakMap<object, string>();

function source(document: TypedDocumentNode<unknown, unknown>): string {
  let text = printed.get(document);
  if (!text) printed.set(document, (text = print(document)));
  return text;
}

export async function gql<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<ApiResult<TData>> {
  const { name, isMutation } = operationOf(document as TypedDocumentNode<unknown, unknown>);
  const lacking = OPERATION_NEEDS[name] ?? [];
  if (lacking.length) return { ok: false, problem: { kind: 'api-lacks', operation: name, fields: lacking } };

  const url = apiUrl();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const key = apiKey();
  if (isMutation && key) headers.authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ operationName: name, query: source(document as TypedDocumentNode<unknown, unknown>), variables }),
      cache: 'no-store',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, problem: { kind: 'unreachable', url, detail: cause?.code ?? cause?.message ?? (err as Error).message } };
  }
  let body: GraphQLBody<TData>;
  try {
    body = (await res.json()) as GraphQLBody<TData>;
  } catch {
    return { ok: false, problem: { kind: 'http', operation: name, status: res.status } };
  }
  const first = body.errors?.[0];
  if (first) return { ok: false, problem: { kind: 'graphql', operation: name, code: first.extensions?.code, message: first.message } };
  if (!res.ok || !body.data) return { ok: false, problem: { kind: 'http', operation: name, status: res.status } };
  return { ok: true, data: body.data };
}
