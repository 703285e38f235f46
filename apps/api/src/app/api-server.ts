/**
 * The API process minus its database: services, the demo model registered, the in-process queue
 * workers and the HTTP server. Used by main.ts and by the tests.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiConfig } from '../config/env';
import { BatchWorker } from '../jobs/batch-worker';
import { queuePolicy } from '../jobs/pg-boss';
import { createHttpApp } from './http-app';
import { createServices, disposeServices, type ApiServices } from './services';

export interface RunningApi {
  url: string;
  port: number;
  services: ApiServices;
  /** The in-process queue workers (GRADCAM_WORKERS). */
  workers: BatchWorker[];
  stop(): Promise<void>;
}

async function registerDefaultModel(services: ApiServices, log: (line: string) => void): Promise<void> {
  const path = services.config.defaultModel;
  if (!existsSync(path)) return log(`default model ${path} not found: none registered`);
  try {
    const model = await services.models.register(path);
    log(`model ${model.name} v${model.version} registered (${model.id})`);
  } catch (err) {
    log(`default model ${path} not registered: ${(err as Error).message}`);
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Whether only this machine can reach `host`. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export async function startApi(config: ApiConfig, databaseUrl: string, log: (line: string) => void = () => undefined): Promise<RunningApi> {
  const services = await createServices(config, databaseUrl, log);
  const workers: BatchWorker[] = [];
  try {
    await registerDefaultModel(services, log);
    for (let i = 0; i < config.inProcessWorkers; i++) workers.push(await BatchWorker.start(services, databaseUrl, log, queuePolicy(config)));
    const { app, apollo } = await createHttpApp(services);
    // A client that trickles its request (headers or body) holds a connection for at most
    // requestTimeout, then gets 408; Node checks for such clients every connectionsCheckingInterval.
    const requestTimeout = config.requestTimeoutSeconds * 1000;
    const server = createServer({ requestTimeout, headersTimeout: Math.min(66_000, requestTimeout), connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestTimeout / 4)) }, app);
    // Clients (browsers, undici) close idle keep-alive sockets after ~4-5 s themselves; the server
    // waiting longer means it never closes one just as a client reuses it (ECONNRESET).
    server.keepAliveTimeout = 65_000;
    const port = await listen(server, config.port, config.host);
    // GRADCAM_API_KEY guards mutations only: reads stay open to whoever reaches the address.
    if (!isLoopback(config.host))
      log(
        config.apiKey
          ? `warning: listening on ${config.host}: mutations need GRADCAM_API_KEY, but queries and /artifacts/ need no authentication: anyone who reaches this machine reads every run, sample and scan`
          : `warning: listening on ${config.host} without authentication: anyone who reaches this machine reads every run, sample and scan (leave GRADCAM_HOST unset for loopback only)`,
      );
    const reachable = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${reachable}:${port}`,
      port,
      services,
      workers,
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await apollo.stop();
        await Promise.all(workers.map((w) => w.stop()));
        await disposeServices(services);
      },
    };
  } catch (err) {
    await Promise.all(workers.map((w) => w.stop()));
    await disposeServices(services);
    throw err;
  }
}
