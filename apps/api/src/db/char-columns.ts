/**
 * The pg driver adapter for the schema engine, taught PostgreSQL's one-byte "char" type (OID 18).
 * The engine reads the system catalogs (pg_constraint.contype, pg_class.relkind, ...) to describe a
 * database and expects those columns typed as characters, but the adapter rejects OID 18. Results
 * pass through a pg client that relabels such columns as text (which the adapter accepts) and notes
 * their positions on the rows, and the adapter's result then gets the character type back.
 * Also: migration scripts go to the server whole (wholeScripts). Used by the schema engine only,
 * never for the application's queries.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlQueryable, type Transaction } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const CHAR_OID = 18;
/** Any OID from the user range reads as text in the adapter. */
const RELABELLED_OID = 2_000_000_000;
const CHAR_COLUMNS = Symbol('char columns');

type TaggedRows = unknown[] & { [CHAR_COLUMNS]?: number[] };
type Result = { fields?: { dataTypeID: number }[]; rows?: TaggedRows };

function relabel<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as Result[]) {
    const chars: number[] = [];
    r?.fields?.forEach((f, i) => {
      if (f.dataTypeID !== CHAR_OID) return;
      f.dataTypeID = RELABELLED_OID;
      chars.push(i);
    });
    if (chars.length && r.rows) r.rows[CHAR_COLUMNS] = chars;
  }
  return result;
}

class CharNotingClient extends pg.Client {
  // pg's query has many overloads (promise, callback, submittable); each is passed through.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') args[last] = (err: Error | null, res: unknown) => callback(err, err ? res : relabel(res));
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(relabel) : out) as never;
  }
}

function restoreCharTypes<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of (result.rows as TaggedRows)[CHAR_COLUMNS] ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/**
 * The adapter runs a migration script statement by statement, split at every ';', which cuts a
 * function body ($$ ... ; ... $$) apart. PostgreSQL takes the whole script as one simple query
 * (one implicit transaction), as the native engine sends it.
 */
function wholeScripts(adapter: SqlDriverAdapter): void {
  const driver = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
  const rethrow = (adapter as unknown as { onError(err: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script) => {
    await driver.query(script).catch(rethrow);
  };
}

function withCharTypes(adapter: SqlDriverAdapter): SqlDriverAdapter {
  wholeScripts(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (level): Promise<Transaction> => restoreCharTypes(await startTransaction(level));
  return restoreCharTypes(adapter);
}

export class SchemaEngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly inner: PrismaPg;

  constructor(url: string) {
    const pool = new pg.Pool({ connectionString: url, Client: CharNotingClient as unknown as typeof pg.Client });
    this.inner = new PrismaPg(pool, { disposeExternalPool: true });
  }

  private readonly open: SqlDriverAdapter[] = [];

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = withCharTypes(await this.inner.connect());
    this.open.push(adapter);
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const adapter = withCharTypes(await this.inner.connectToShadowDb());
    this.open.push(adapter);
    return adapter;
  }

  /**
   * Closes the connections the engine opened. Freeing the engine does not, and an idle session
   * would keep holding migrate's advisory lock, stalling the next migration for its timeout.
   */
  async dispose(): Promise<void> {
    await Promise.all(this.open.splice(0).map((a) => a.dispose()));
  }
}
