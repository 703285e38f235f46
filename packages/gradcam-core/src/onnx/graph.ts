/** Read-only questions about a graph's wiring: who produces a value, who consumes it, constants. */
import { attrTensor } from './attributes';
import type { Graph, Node, Tensor } from './ir';
import { tensorValues } from './tensor';

export class GraphIndex {
  readonly producer = new Map<string, Node>();
  readonly consumers = new Map<string, Node[]>();
  readonly initializers = new Map<string, Tensor>();

  constructor(readonly graph: Graph) {
    for (const t of graph.initializers) this.initializers.set(t.name, t);
    for (const n of graph.nodes) {
      for (const o of n.outputs) if (o) this.producer.set(o, n);
      for (const i of n.inputs) {
        if (!i) continue;
        const list = this.consumers.get(i) ?? [];
        list.push(n);
        this.consumers.set(i, list);
      }
    }
  }

  /** The tensor behind a value when it is a constant: an initializer or a Constant node's output. */
  constantTensor(name: string): Tensor | undefined {
    const init = this.initializers.get(name);
    if (init) return init;
    const p = this.producer.get(name);
    if (p?.opType === 'Constant') return attrTensor(p, 'value');
    return undefined;
  }

  constantValues(name: string): number[] | undefined {
    const t = this.constantTensor(name);
    return t ? tensorValues(t) : undefined;
  }

  /** Every value computed from `sources` (following all node inputs), sources included. */
  downstreamOf(sources: Iterable<string>, follows: (node: Node, inputIndex: number) => boolean = () => true): Set<string> {
    const reached = new Set(sources);
    for (const n of this.graph.nodes) {
      if (n.inputs.some((i, k) => i !== '' && reached.has(i) && follows(n, k))) for (const o of n.outputs) if (o) reached.add(o);
    }
    return reached;
  }

  /** Every value that `sinks` depend on, sinks included. */
  upstreamOf(sinks: Iterable<string>): Set<string> {
    const needed = new Set(sinks);
    for (let k = this.graph.nodes.length - 1; k >= 0; k--) {
      const n = this.graph.nodes[k]!;
      if (n.outputs.some((o) => needed.has(o))) for (const i of n.inputs) if (i) needed.add(i);
    }
    return needed;
  }
}

/**
 * Drops nodes and initializers no graph output depends on. onnxruntime runs every node it is
 * given, so values a later rewrite made unnecessary would otherwise still cost their kernels.
 */
export function pruneUnused(graph: Graph): void {
  const needed = new GraphIndex(graph).upstreamOf(graph.outputs.map((o) => o.name));
  graph.nodes = graph.nodes.filter((n) => n.outputs.some((o) => needed.has(o)));
  graph.initializers = graph.initializers.filter((t) => needed.has(t.name));
}
