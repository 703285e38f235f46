/** Parsing of Einsum equations (ONNX Einsum-12), shared by the Einsum rule and its shape rule. */

/** One operand's subscripts: single letters, and '...' for the broadcast axes. */
export type Term = string[];

export interface Equation {
  inputs: Term[];
  output: Term;
}

export const ELLIPSIS = '...';

function parseTerm(text: string): Term {
  const term: Term = [];
  for (let k = 0; k < text.length; k++) {
    if (text.startsWith(ELLIPSIS, k)) {
      term.push(ELLIPSIS);
      k += 2;
    } else if (/[a-zA-Z]/.test(text[k]!)) term.push(text[k]!);
    else throw new Error(`unexpected '${text[k]}' in einsum term '${text}'`);
  }
  return term;
}

/**
 * Explicit ('ij,jk->ik') or implicit form ('ij,jk': the output is '...' if any operand has it, then
 * the letters that occur exactly once, in alphabetical (ASCII) order; onnxruntime 1.29 itself fails on an
 * uppercase implicit output label).
 */
export function parseEquation(equation: string): Equation {
  const [lhs, rhs] = equation.replace(/\s/g, '').split('->');
  const inputs = lhs!.split(',').map(parseTerm);
  if (rhs !== undefined) return { inputs, output: parseTerm(rhs) };
  const counts = new Map<string, number>();
  for (const l of inputs.flat()) if (l !== ELLIPSIS) counts.set(l, (counts.get(l) ?? 0) + 1);
  const once = [...counts].filter(([, n]) => n === 1).map(([l]) => l).sort();
  return { inputs, output: [...(inputs.some((t) => t.includes(ELLIPSIS)) ? [ELLIPSIS] : []), ...once] };
}

export const formatTerm = (term: Term): string => term.join('');

/** Each label of a term against the axes of a value of `rank`: '...' stands for the axes the letters leave. */
export function expandTerm(term: Term, rank: number): string[] {
  const at = term.indexOf(ELLIPSIS);
  if (at < 0) return term;
  const width = rank - (term.length - 1);
  return [...term.slice(0, at), ...Array.from({ length: width }, (_, k) => `${ELLIPSIS}${width - k}`), ...term.slice(at + 1)];
}
