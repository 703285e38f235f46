/** The GraphQL schema, code-first: every resolver class of the modules. */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { BatchResolver } from '../modules/batch/batch.resolver';
import { CompareResolver } from '../modules/compare/compare.resolver';
import { ModelResolver } from '../modules/model/model.resolver';
import { RunResolver } from '../modules/run/run.resolver';
import { SampleResolver } from '../modules/sample/sample.resolver';

export const RESOLVERS = [BatchResolver, CompareResolver, ModelResolver, RunResolver, SampleResolver] as const;

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validate: { forbidUnknownValues: false }, emitSchemaFile: false });
}
