/**
 * Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm), driven through the pg driver
 * adapter: it applies and diffs migrations exactly as `prisma migrate deploy` does (same
 * `_prisma_migrations` table and checksums) without the native engine, which cannot be fetched
 * offline. The package is internal to Prisma, hence the exact pin in package.json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngineAdapterFactory } from './char-columns';
import type * as Wasm from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };

const GLUE = '@prisma/schema-engine-wasm/schema_engine_bg';

export type SchemaEngine = Wasm.SchemaEngine;
export type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };

/** The little of the WebAssembly API used here (this project's lib settings carry no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

type Glue = typeof Wasm & { __wbg_set_wasm(exports: Record<string, unknown>): void };

let glue: Promise<typeof Wasm> | undefined;

/** Where the engine leaves the message of a Rust panic before it throws; read into the error. */
const panics = { last: '', set_message(message: string): void { panics.last = message; } };
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panics }).PRISMA_WASM_PANIC_REGISTRY ??= panics;

/**
 * The package's entry imports its .wasm file as an ES module, which Node 20 cannot do without a
 * flag; so the wasm-bindgen glue is loaded alone and handed a module instantiated here.
 */
function loadGlue(): Promise<typeof Wasm> {
  glue ??= (async () => {
    const bindings = (await import(GLUE)) as Glue;
    const bytes = readFileSync(join(dirname(require.resolve(GLUE)), 'schema_engine_bg.wasm'));
    const instance = new wasmApi.Instance(new wasmApi.Module(bytes), { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return glue;
}

/**
 * Runs `use` with an engine connected to `url` (and `schema` loaded, for diffs), then frees the
 * engine and closes its connections. A Rust panic comes back as an error carrying its message.
 */
export async function withSchemaEngine<T>(url: string, schema: { path: string; content: string } | undefined, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadGlue();
  const factory = new SchemaEngineAdapterFactory(url);
  const log = (): void => undefined; // the engine's tracing: not needed, errors come back as rejections
  panics.last = '';
  try {
    const engine = await SchemaEngine.new({ datamodels: schema ? [[schema.path, schema.content]] : undefined }, log, bindMigrationAwareSqlAdapterFactory(factory));
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } catch (err) {
    if (panics.last) throw new Error(`schema engine panicked: ${panics.last}`, { cause: err });
    throw err;
  } finally {
    await factory.dispose();
  }
}

export const NO_FILTER: Wasm.SchemaFilter = { externalTables: [], externalEnums: [] };

