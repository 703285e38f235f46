/**
 * Takes jobs from one queue, one at a time, and settles each (complete, or fail so the queue tries
 * it again) before taking the next. pg-boss's own `work` does not await the settling call: with the
 * database down at that moment the call rejects unhandled, which ends the process. Here it is
 * retried until the database is back, so a PostgreSQL restart costs a wait, not the worker.
 */
import type PgBoss from 'pg-boss';

export interface QueueLoop {
  /** Lets the job in hand finish and settle (up to `timeoutMs`), then stops taking jobs. */
  stop(timeoutMs: number): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** After this long the job is left to the queue's expiry, which tries it again. */
const SETTLE_PATIENCE_MS = 10 * 60_000;

async function settle(call: () => Promise<unknown>, what: string, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + SETTLE_PATIENCE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await call();
      if (attempt > 0) log(`${what}: recorded after the database came back`);
      return;
    } catch (err) {
      if (attempt === 0) log(`${what}: cannot reach the queue (${(err as Error).message}); trying again every second`);
      if (Date.now() > deadline) return log(`${what}: gave up; the queue's expiry will try the job again`);
      await sleep(1000);
    }
  }
}

export function workQueue<T extends object>(boss: PgBoss, queue: string, handler: (job: PgBoss.JobWithMetadata<T>) => Promise<void>, options: { pollingIntervalSeconds: number; log: (line: string) => void }): QueueLoop {
  const { log } = options;
  let stopping = false;
  let fetchFailing = false;
  const loop = (async () => {
    while (!stopping) {
      let job: PgBoss.JobWithMetadata<T> | undefined;
      try {
        [job] = await boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
        if (fetchFailing) log(`${queue}: reconnected`);
        fetchFailing = false;
      } catch (err) {
        if (!fetchFailing) log(`${queue}: cannot fetch jobs (${(err as Error).message}); polling on`);
        fetchFailing = true;
      }
      if (!job) {
        await sleep(options.pollingIntervalSeconds * 1000);
        continue;
      }
      const taken = job;
      try {
        await handler(taken);
        await settle(() => boss.complete(queue, taken.id), `job ${taken.id} done`, log);
      } catch (err) {
        await settle(() => boss.fail(queue, taken.id, err as object), `job ${taken.id} failed`, log);
      }
    }
  })();
  return {
    async stop(timeoutMs) {
      stopping = true;
      await Promise.race([loop, sleep(timeoutMs)]);
    },
  };
}
