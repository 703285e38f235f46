/** `npm run schema -w apps/api`: rewrites schema.graphql from the resolvers. */
import { writeFileSync } from 'node:fs';
import { generatedSdl, SDL_FILE } from '../schema/sdl';

generatedSdl()
  .then((sdl) => {
    writeFileSync(SDL_FILE, sdl);
    console.log(`wrote ${SDL_FILE}`);
  })
  .catch((err: Error) => {
    console.error(`schema: ${err.message}`);
    process.exitCode = 1;
  });
