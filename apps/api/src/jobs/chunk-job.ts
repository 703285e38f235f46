/** One job on the queue: a chunk of a batch run's dataset rows (paths relative to the data root). */
export const BATCH_QUEUE = 'gradcam-batch-chunk';
/**
 * Where the queue moves a chunk whose last try failed or was lost (its worker killed): a worker
 * records the rows it still holds as failed, so the run completes whatever happened to the chunk.
 */
export const DEAD_CHUNK_QUEUE = 'gradcam-batch-chunk-dead';

export interface ChunkRow {
  /** Line in the manifest. */
  line: number;
  externalId: string;
  /** Input name -> image path, relative to the data root. */
  files: Record<string, string>;
  trueClass: number | null;
  /** Multi-label truth (absent in jobs queued before multi-label runs were stored). */
  trueLabels?: number[] | null;
  /** Regression truth, likewise. */
  trueValue?: number | null;
  /** Why the row cannot be analysed, known when the batch started (it is recorded as failed). */
  problem?: string;
}

export interface ChunkJob {
  runId: string;
  rows: ChunkRow[];
}
