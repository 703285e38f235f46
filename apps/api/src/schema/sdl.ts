/** The schema as committed in apps/api/schema.graphql (a test checks the two agree). */
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from './build-schema';

export const SDL_FILE = join(__dirname, '../../schema.graphql');

export async function generatedSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
