/**
 * A GraphQL client on a thread of its own, for latency figures: its JSON encoding, HTTP writing
 * and response parsing stay off the API's event loop, as a real client's (another process, another
 * machine) would. The request body arrives ready-made; the thread times the POST from sending it
 * to the parsed answer.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { postGraphql } from './graphql-client';

interface Request {
  id: number;
  url: string;
  body: string;
}

interface Reply {
  id: number;
  ms: number;
  data?: unknown;
  error?: string;
}

async function post({ id, url, body }: Request): Promise<Reply> {
  const started = performance.now();
  try {
    const data = await postGraphql(url, body);
    return { id, ms: performance.now() - started, data };
  } catch (err) {
    return { id, ms: performance.now() - started, error: (err as Error).message };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: Request) => void post(req).then((reply) => port.postMessage(reply)));
}

export class ClientThread {
  private readonly worker = new Worker(__filename);
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (err: Error) => void }>();
  private next = 0;

  constructor() {
    this.worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.resolve(reply);
      this.pending.delete(reply.id);
    });
    this.worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** The operation's data and the milliseconds the thread waited for it. */
  async graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<{ ms: number; data: T }> {
    const body = JSON.stringify({ query, variables });
    const id = this.next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, url, body } satisfies Request);
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return { ms: reply.ms, data: reply.data as T };
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
