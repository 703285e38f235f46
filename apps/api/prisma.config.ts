/**
 * Prisma CLI configuration. `prisma generate` needs no database and no engine download, but the
 * CLI insists on a schema engine path; any existing file satisfies it (generation never runs it).
 * Migrations are applied by `npm run migrate` (src/cli/migrate.ts, the WASM schema engine).
 */
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/unused' },
});
