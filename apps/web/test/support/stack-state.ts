/** What the global setup started and seeded, handed to the tests through one JSON file. */
import { readFileSync } from 'node:fs';
import type { Seed } from './seed';

export interface StackState {
  webUrl: string;
  apiUrl: string;
  seed: Seed;
}

export const STATE_FILE_VARIABLE = 'GRADCAM_WEB_TEST_STATE';

export function readStackState(): StackState {
  const file = process.env[STATE_FILE_VARIABLE];
  if (!file) throw new Error(`${STATE_FILE_VARIABLE} is not set: run the browser tests with \`npm test -w apps/web\` (its global setup starts the stack)`);
  return JSON.parse(readFileSync(file, 'utf8')) as StackState;
}
