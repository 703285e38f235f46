/** Cursor connections (edges, nodes, pageInfo, totalCount), one GraphQL type per node type. */
import { type ClassType, Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function Connection<T extends object>(node: ClassType<T>, name: string): ClassType<Page<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows matching, over all pages' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** A page from `rows` fetched with one row more than asked for (which tells whether a next page exists). */
export function toPage<R, T>(rows: R[], size: number, totalCount: number, cursorOf: (row: R) => string, map: (row: R) => T): Page<T> {
  const shown = rows.slice(0, size);
  const edges = shown.map((row) => ({ cursor: cursorOf(row), node: map(row) }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
