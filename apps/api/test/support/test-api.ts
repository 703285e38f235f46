/**
 * An API on a free port, on a fresh database copied from the migrated template, with its own
 * artifact folder; GraphQL over real HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApi, startApi } from '../../src/app/api-server';
import { type ApiConfig, readConfig } from '../../src/config/env';
import { createTestDatabase, type TestDatabase } from './test-postgres';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export type GraphQLCall = TestApi['gql'];

/** GraphQL over HTTP to the API at `baseUrl`. */
export function graphqlAt(baseUrl: string): GraphQLCall {
  return async (query, variables = {}, headers = {}) => {
    const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: res.status, ...((await res.json()) as object) };
  };
}

export interface TestApi {
  api: RunningApi;
  db: TestDatabase;
  config: ApiConfig;
  // Responses are checked field by field by the tests; typing every query would add nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startTestApi(overrides: Partial<ApiConfig> = {}, log?: (line: string) => void): Promise<TestApi> {
  const db = await createTestDatabase();
  const artifactDir = await mkdtemp(join(tmpdir(), 'gradcam-artifacts-'));
  const config: ApiConfig = { ...readConfig({}), databaseUrl: db.url, artifactDir, port: 0, device: 'cpu', inProcessWorkers: 0, ...overrides };
  const api = await startApi(config, db.url, log);
  return {
    api,
    db,
    config,
    gql: graphqlAt(api.url),
    async stop() {
      await api.stop();
      await db.drop();
      await rm(artifactDir, { recursive: true, force: true });
    },
  };
}

/** The data of a response that must have succeeded. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** The code of a response's first error. */
export function errorCode(res: GraphQLResponse<unknown>): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}
