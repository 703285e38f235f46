/** Typed reading and writing of node attributes, so rules never cast. */
import { AttributeType, type Attribute, type Node, type Tensor } from './ir';

const find = (node: Node, name: string): Attribute | undefined => node.attributes.find((a) => a.name === name);

export function attrInt(node: Node, name: string, fallback: number): number;
export function attrInt(node: Node, name: string): number | undefined;
export function attrInt(node: Node, name: string, fallback?: number): number | undefined {
  return find(node, name)?.i ?? fallback;
}

export function attrInts(node: Node, name: string, fallback: number[]): number[];
export function attrInts(node: Node, name: string): number[] | undefined;
export function attrInts(node: Node, name: string, fallback?: number[]): number[] | undefined {
  return find(node, name)?.ints ?? fallback;
}

export function attrFloat(node: Node, name: string, fallback: number): number {
  return find(node, name)?.f ?? fallback;
}

export function attrString(node: Node, name: string, fallback: string): string {
  const s = find(node, name)?.s;
  return s ? new TextDecoder().decode(s) : fallback;
}

export function attrTensor(node: Node, name: string): Tensor | undefined {
  return find(node, name)?.t;
}

/** Attribute constructors for nodes the compiler emits. */
export const attr = {
  int: (name: string, i: number): Attribute => ({ name, type: AttributeType.INT, i, extra: [] }),
  ints: (name: string, ints: number[]): Attribute => ({ name, type: AttributeType.INTS, ints, extra: [] }),
  float: (name: string, f: number): Attribute => ({ name, type: AttributeType.FLOAT, f, extra: [] }),
  floats: (name: string, floats: number[]): Attribute => ({ name, type: AttributeType.FLOATS, floats, extra: [] }),
  string: (name: string, s: string): Attribute => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s), extra: [] }),
  tensor: (name: string, t: Tensor): Attribute => ({ name, type: AttributeType.TENSOR, t, extra: [] }),
};
