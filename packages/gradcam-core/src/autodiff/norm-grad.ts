/** Shared by the normalisation rules (LayerNormalization, InstanceNormalization, GroupNormalization). */
import type { GraphBuilder } from '../onnx/builder';

export interface Normalized {
  /** x̂ = (x − mean)·rstd over the axes. */
  xHat: string;
  /** dx for the gradient g of x̂ (dy times the scale). */
  dx(g: string): string;
}

/**
 * Recomputes mean and rstd = 1/√(var + ε) over `axes` (kept) and gives, for g = ∂L/∂x̂,
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)): the standard normalisation backward, all in the
 * reduced axes, so it holds at any batch size.
 */
export function normalizeOver(b: GraphBuilder, x: string, axes: number[], epsilon: number): Normalized {
  const mean = (v: string): string => b.reduce('ReduceMean', v, axes, true);
  const centered = b.op('Sub', [x, mean(x)]);
  const variance = mean(b.op('Mul', [centered, centered]));
  const rstd = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [variance, b.floats(epsilon)])])]);
  const xHat = b.op('Mul', [centered, rstd]);
  return {
    xHat,
    dx: (g) => b.op('Mul', [rstd, b.op('Sub', [b.op('Sub', [g, mean(g)]), b.op('Mul', [xHat, mean(b.op('Mul', [g, xHat]))])])]),
  };
}
