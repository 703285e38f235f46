/**
 * Depth and cost limits on every GraphQL operation, checked once the operation is resolved and
 * before anything executes, so that one request cannot make the API read millions of rows.
 *
 * Cost: each field costs 1, or what its resolver declares (`@Extensions({ cost })`: work that does
 * not show in the selection, such as a comparison of two whole runs); the selection under a field
 * with a `first` argument (a connection) counts once per row it may return (`first`, else the
 * default page, at most the largest page). Aliases of one field count each time.
 * Introspection fields (`__schema`, `__type`) are left out: whether introspection is allowed at all
 * is a separate setting, and its standard query nests type references deeper than any data query.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, getNamedType, type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, isObjectType, isInterfaceType, Kind, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { ApiError } from '../errors/api-error';
import { DEFAULT_PAGE, MAX_PAGE } from '../modules/pagination/cursor';

/**
 * The dashboard's deepest query (compareRuns → pairs → nodes → base → heatmaps → overlayUrl) is 6;
 * 8 still admits every path through a single connection, written with edges.
 */
export const MAX_QUERY_DEPTH = 8;
/** The dashboard's costliest query (500 compared pairs) costs about 13,000. */
export const MAX_QUERY_COST = 25_000;

/**
 * Declared costs of the resolvers whose work the selection does not show. compareRuns matches
 * two whole runs (~0.2 s for two 120-sample runs on 2 cores): a dozen aliases of it reach the
 * limit. A summary reads a run's groups (and for AUC and regression its sample rows); the runs
 * table asks for one per run, 500 at most, which must stay admitted.
 */
export const COST = { compareRuns: 2_000, summary: 20 } as const;

export interface QueryMeasure {
  depth: number;
  cost: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function rowsAsked(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  const raw = value?.kind === Kind.INT ? Number(value.value) : value?.kind === Kind.VARIABLE ? variables[value.name.value] : undefined;
  // Above MAX_PAGE the resolver refuses the request itself, with a message naming the limit.
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? Math.min(raw, MAX_PAGE) : DEFAULT_PAGE;
}

function measureSelection(set: SelectionSetNode, parent: GraphQLNamedType | undefined, walk: Walk): QueryMeasure {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    let inner: QueryMeasure;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
      const below = selection.selectionSet ? measureSelection(selection.selectionSet, field ? getNamedType(field.type) : undefined, walk) : { depth: 0, cost: 0 };
      const paged = field?.args.some((a) => a.name === 'first');
      const rows = paged ? rowsAsked(selection.arguments?.find((a) => a.name.value === 'first')?.value, walk.variables) : 1;
      const own = typeof field?.extensions?.cost === 'number' ? field.extensions.cost : 1;
      inner = { depth: below.depth + 1, cost: own + rows * below.cost };
    } else {
      // Fragment cycles are refused by validation, which runs before this.
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments[selection.name.value];
      if (!fragment) continue;
      const type = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : parent;
      inner = measureSelection(fragment.selectionSet, type ?? undefined, walk);
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

/** The depth (fields nested) and cost of one operation of a validated document. */
export function measureOperation(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown> = {}): QueryMeasure {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  return measureSelection(operation.selectionSet, root ?? undefined, { schema, fragments, variables });
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

export function queryLimitsPlugin<T extends object>(limits: { maxDepth: number; maxCost: number } = { maxDepth: MAX_QUERY_DEPTH, maxCost: MAX_QUERY_COST }): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const { depth, cost } = measureOperation(schema, operation, fragmentsOf(document), request.variables ?? {});
          if (depth > limits.maxDepth) throw new ApiError(`the query nests ${depth} fields deep, over the limit of ${limits.maxDepth}`, 'QUERY_TOO_DEEP', { status: 400 });
          if (cost > limits.maxCost) throw new ApiError(`the query costs ${cost}, over the limit of ${limits.maxCost} (each field 1, times the rows of each page asked for)`, 'QUERY_TOO_COMPLEX', { status: 400 });
        },
      };
    },
  };
}
