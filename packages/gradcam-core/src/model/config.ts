/**
 * gradcam.json: what the graph cannot say about a model — preprocessing, class names, the task
 * of its head, default target layers. Validated field by field so a typo is reported where it
 * is; a key the engine does not know is an error, never ignored.
 */
import type { Grid, LayoutHint } from '../compile/layer-layout';

export interface InputSpec {
  /** Graph input name, also the key of its heat map (e.g. "mnv"). */
  name: string;
  channels: number;
  height: number;
  width: number;
  /** Pixel values (0..255) are multiplied by `scale`, then normalised: (v·scale − mean[c]) / std[c]. */
  scale: number;
  mean: number[];
  std: number[];
}

export type OutputKind = 'logits' | 'probabilities';

/**
 * What the head predicts. multiclass: softmax over the classes; binary: one logit z, classes
 * [negative, positive] with probabilities [1 − σ(z), σ(z)]; multilabel: σ(z_k) per label;
 * regression: raw values, one name per output.
 */
export const TASKS = ['multiclass', 'binary', 'multilabel', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export interface ModelConfig {
  inputs: InputSpec[];
  /** Graph output holding the class scores. */
  output: string;
  outputKind: OutputKind;
  task: Task;
  /** Class names (multiclass, binary), label names (multilabel) or output names (regression). */
  classes: string[];
  /** Input name -> tensor name of its target layer. */
  targetLayers: Record<string, string>;
  /** Input name -> what gradcam.json states about its target layer's grid (token tensors). */
  layerHints: Record<string, LayoutHint>;
}

export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

type Json = unknown;

function expectObject(v: Json, where: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ModelConfigError(`${where} must be an object`);
  return v as Record<string, Json>;
}
function expectNumber(v: Json, where: string, check: (n: number) => boolean = Number.isFinite, rule = 'a finite number'): number {
  if (typeof v !== 'number' || !check(v)) throw new ModelConfigError(`${where} must be ${rule}`);
  return v;
}
function expectString(v: Json, where: string): string {
  if (typeof v !== 'string' || v === '') throw new ModelConfigError(`${where} must be a non-empty string`);
  return v;
}
function expectNumbers(v: Json, where: string, length: number): number[] {
  if (!Array.isArray(v) || v.length !== length) throw new ModelConfigError(`${where} must be an array of ${length} number(s)`);
  return v.map((x, i) => expectNumber(x, `${where}[${i}]`));
}
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

const INPUT_KEYS = ['name', 'channels', 'height', 'width', 'scale', 'mean', 'std'];

function parseInput(v: Json, where: string): InputSpec {
  const o = expectObject(v, where);
  rejectUnknownKeys(o, INPUT_KEYS, where);
  const channels = expectNumber(o.channels, `${where}.channels`, positiveInt, 'a positive integer');
  const std = expectNumbers(o.std ?? Array(channels).fill(1), `${where}.std`, channels);
  std.forEach((s, i) => {
    if (s === 0) throw new ModelConfigError(`${where}.std[${i}] must not be 0`);
  });
  return {
    name: expectString(o.name, `${where}.name`),
    channels,
    height: expectNumber(o.height, `${where}.height`, positiveInt, 'a positive integer'),
    width: expectNumber(o.width, `${where}.width`, positiveInt, 'a positive integer'),
    scale: expectNumber(o.scale ?? 1 / 255, `${where}.scale`),
    mean: expectNumbers(o.mean ?? Array(channels).fill(0), `${where}.mean`, channels),
    std,
  };
}

const KNOWN_KEYS = ['inputs', 'output', 'outputKind', 'task', 'classes', 'targetLayers'];
const LAYER_KEYS = ['tensor', 'grid', 'prefixTokens'];

function rejectUnknownKeys(o: Record<string, Json>, known: readonly string[], where: string): void {
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) throw new ModelConfigError(`${where}: unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${known.join(', ')})`);
}

/** How many names each task's "classes" needs. */
const CLASS_COUNT: Record<Task, { min: number; max?: number; what: string }> = {
  multiclass: { min: 2, what: 'at least two class names' },
  binary: { min: 2, max: 2, what: 'exactly two class names (negative, positive)' },
  multilabel: { min: 1, what: 'at least one label name' },
  regression: { min: 1, what: 'one name per output' },
};

/** targetLayers.<input>: a tensor name, or {"tensor", "grid": [h, w], "prefixTokens": P} for a token tensor. */
function parseLayer(v: Json, where: string): { tensor: string; hint?: LayoutHint } {
  if (typeof v === 'string') return { tensor: expectString(v, where) };
  const o = expectObject(v, where);
  rejectUnknownKeys(o, LAYER_KEYS, where);
  const hint: LayoutHint = {};
  if (o.grid !== undefined) {
    const [h, w] = expectNumbers(o.grid, `${where}.grid`, 2);
    if (!positiveInt(h!) || !positiveInt(w!)) throw new ModelConfigError(`${where}.grid must be two positive integers [h, w]`);
    hint.grid = [h, w] as Grid;
  }
  if (o.prefixTokens !== undefined) hint.prefixTokens = expectNumber(o.prefixTokens, `${where}.prefixTokens`, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  return { tensor: expectString(o.tensor, `${where}.tensor`), hint };
}

/** Parses and validates a gradcam.json document (already JSON-decoded). */
export function parseModelConfig(doc: Json, source = 'gradcam.json'): ModelConfig {
  const o = expectObject(doc, source);
  rejectUnknownKeys(o, KNOWN_KEYS, source);
  if (!Array.isArray(o.inputs) || o.inputs.length === 0) throw new ModelConfigError(`${source}: "inputs" must be a non-empty array`);
  const inputs = o.inputs.map((v, i) => parseInput(v, `${source}: inputs[${i}]`));
  const names = new Set<string>();
  for (const i of inputs) {
    if (names.has(i.name)) throw new ModelConfigError(`${source}: input "${i.name}" is listed twice`);
    names.add(i.name);
  }
  const task = o.task ?? 'multiclass';
  if (!TASKS.includes(task as Task)) throw new ModelConfigError(`${source}: "task" must be one of ${TASKS.map((t) => `"${t}"`).join(', ')}`);
  const kind = o.outputKind ?? 'logits';
  if (kind !== 'logits' && kind !== 'probabilities') throw new ModelConfigError(`${source}: "outputKind" must be "logits" or "probabilities"`);
  if (task === 'regression' && kind !== 'logits') throw new ModelConfigError(`${source}: a regression head outputs raw values: "outputKind" "${kind}" does not apply`);
  const count = CLASS_COUNT[task as Task];
  if (!Array.isArray(o.classes) || o.classes.length < count.min || (count.max !== undefined && o.classes.length > count.max))
    throw new ModelConfigError(`${source}: "classes" must list ${count.what} for task "${task}"`);
  const classes = o.classes.map((c, i) => expectString(c, `${source}: classes[${i}]`));
  const layers = expectObject(o.targetLayers ?? {}, `${source}: "targetLayers"`);
  const targetLayers: Record<string, string> = {};
  const layerHints: Record<string, LayoutHint> = {};
  for (const [input, value] of Object.entries(layers)) {
    if (!names.has(input)) throw new ModelConfigError(`${source}: targetLayers names input "${input}", which is not among the inputs (${[...names].join(', ')})`);
    const { tensor, hint } = parseLayer(value, `${source}: targetLayers.${input}`);
    targetLayers[input] = tensor;
    if (hint) layerHints[input] = hint;
  }
  return { inputs, output: expectString(o.output, `${source}: "output"`), outputKind: kind, task: task as Task, classes, targetLayers, layerHints };
}
