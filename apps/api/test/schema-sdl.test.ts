/** schema.graphql, committed for clients, is the schema the resolvers generate. */
import { readFileSync } from 'node:fs';
import { generatedSdl, SDL_FILE } from '../src/schema/sdl';

test('schema.graphql equals the generated schema (npm run schema -w apps/api rewrites it)', async () => {
  expect(readFileSync(SDL_FILE, 'utf8')).toBe(await generatedSdl());
});
