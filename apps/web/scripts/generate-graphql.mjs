/**
 * The typed GraphQL client, generated offline at build time (no running API needed):
 *   1. read the API's committed SDL (apps/api/schema.graphql, which the API's own test keeps equal
 *      to its resolvers) and graphql/api-pending.graphql, the parts of the dashboard's spec the API
 *      does not serve yet; pending types and fields are added only where the API lacks them, so
 *      whatever the API ships wins;
 *   2. validate every operation in graphql/operations/ against that merged schema;
 *   3. write lib/graphql/generated/operations.ts (result/variable types and typed documents) and
 *      lib/graphql/generated/api-coverage.ts (which operations need a pending field: the client
 *      refuses to send those, so a view says what the API lacks instead of failing).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import {
  buildSchema, extendSchema, isInputObjectType, isObjectType, Kind, parse, printSchema, TypeInfo, validate, visit, visitWithTypeInfo,
} from 'graphql';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiSdlPath = join(webRoot, '../api/schema.graphql');
const pendingPath = join(webRoot, 'graphql/api-pending.graphql');
const operationsDir = join(webRoot, 'graphql/operations');
const outDir = join(webRoot, 'lib/graphql/generated');

const OBJECT_KINDS = new Set([Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION]);
const INPUT_KINDS = new Set([Kind.INPUT_OBJECT_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_EXTENSION]);

/** The pending definitions the API lacks, as SDL nodes, and the coordinates (Type.field) they add. */
function missingFromApi(apiSchema, pendingDoc) {
  const definitions = [];
  const pending = [];
  for (const def of pendingDoc.definitions) {
    const name = def.name.value;
    const existing = apiSchema.getType(name);
    const hasFields = OBJECT_KINDS.has(def.kind) || INPUT_KINDS.has(def.kind);
    if (!existing) {
      if (def.kind.endsWith('Extension')) throw new Error(`api-pending.graphql extends ${name}, which the API does not define`);
      definitions.push(def);
      if (hasFields) for (const field of def.fields ?? []) pending.push(`${name}.${field.name.value}`);
      continue;
    }
    if (!hasFields) continue; // an enum or scalar the API already has: the API's wins
    const apiFields = isObjectType(existing) || isInputObjectType(existing) ? existing.getFields() : {};
    const missing = (def.fields ?? []).filter((f) => !(f.name.value in apiFields));
    if (!missing.length) continue;
    const kind = OBJECT_KINDS.has(def.kind) ? Kind.OBJECT_TYPE_EXTENSION : Kind.INPUT_OBJECT_TYPE_EXTENSION;
    definitions.push({ kind, name: def.name, fields: missing, interfaces: [], directives: [] });
    for (const field of missing) pending.push(`${name}.${field.name.value}`);
  }
  return { doc: { kind: Kind.DOCUMENT, definitions }, pending };
}

/** Every Type.field an operation selects, and the input types its variables use. */
function coordinatesOf(schema, document) {
  const used = new Set();
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field() {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (parent && field) used.add(`${parent.name}.${field.name}`);
    },
    Argument() {
      const arg = typeInfo.getArgument();
      const field = typeInfo.getFieldDef();
      const parent = typeInfo.getParentType();
      if (arg && field && parent) used.add(`${parent.name}.${field.name}(${arg.name})`);
    },
  }));
  return used;
}

function readOperations() {
  return readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const location = join(operationsDir, f);
      return { location: relative(webRoot, location), document: parse(readFileSync(location, 'utf8')) };
    });
}

async function main() {
  const apiSchema = buildSchema(readFileSync(apiSdlPath, 'utf8'));
  const pendingSdl = readFileSync(pendingPath, 'utf8');
  // Once the API serves everything, the file holds only its comments: nothing is pending.
  const pendingDoc = pendingSdl.replace(/#.*$/gm, '').trim() ? parse(pendingSdl) : { kind: Kind.DOCUMENT, definitions: [] };
  const { doc, pending } = missingFromApi(apiSchema, pendingDoc);
  const schema = doc.definitions.length ? extendSchema(apiSchema, doc) : apiSchema;
  const pendingSet = new Set(pending);

  const documents = readOperations();
  // Fragments are shared across files: validate and analyse the operations as one document.
  const all = { kind: Kind.DOCUMENT, definitions: documents.flatMap((d) => d.document.definitions) };
  const errors = validate(schema, all);
  if (errors.length) throw new Error(errors.map((e) => `${e.message} (${e.locations?.map((l) => `line ${l.line}`).join(', ') ?? ''})`).join('; '));
  const fragments = all.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const needs = {};
  for (const def of all.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!def.name) throw new Error('every operation needs a name');
    const used = coordinatesOf(schema, { kind: Kind.DOCUMENT, definitions: [def, ...fragments] });
    needs[def.name.value] = [...new Set([...used].map((c) => c.replace(/\(.*$/, '')).filter((c) => pendingSet.has(c)))].sort();
  }

  const output = await codegen({
    filename: 'operations.ts',
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    documents,
    config: {
      scalars: { DateTimeISO: 'string' },
      enumsAsTypes: true,
      useTypeImports: true,
      onlyOperationTypes: true,
      avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
    },
    // typescript-operations emits the enums and inputs the operations use; the full `typescript`
    // plugin beside it would declare them twice.
    plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
    pluginMap: { typescriptOperations, typedDocumentNode },
  });

  mkdirSync(outDir, { recursive: true });
  const banner = '// Generated by scripts/generate-graphql.mjs from apps/api/schema.graphql: do not edit.\n/* eslint-disable */\n';
  writeFileSync(join(outDir, 'operations.ts'), banner + output);
  writeFileSync(
    join(outDir, 'api-coverage.ts'),
    `${banner}/** Fields of the dashboard's spec the API does not serve yet (graphql/api-pending.graphql). */\n` +
      `export const PENDING_API: readonly string[] = ${JSON.stringify(pending.sort(), null, 2)};\n\n` +
      `/** Per operation, the pending fields it selects: such an operation is not sent. */\n` +
      `export const OPERATION_NEEDS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(needs, null, 2)};\n`,
  );
  const waiting = Object.entries(needs).filter(([, n]) => n.length);
  console.log(`[graphql] ${documents.length} operation files; ${pending.length ? `${pending.length} pending API fields` : 'the API serves every field the dashboard uses'}` + (waiting.length ? `; waiting on the API: ${waiting.map(([op, n]) => `${op} (${n.join(', ')})`).join('; ')}` : ''));
}

main().catch((err) => {
  console.error(`[graphql] ${err.message}`);
  process.exit(1);
});
