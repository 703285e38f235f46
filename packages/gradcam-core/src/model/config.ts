/**
 * gradcam.json: what the graph cannot say about a model — preprocessing, class names, default
 * target layers. Validated field by field so a typo is reported where it is.
 */
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

export interface ModelConfig {
  inputs: InputSpec[];
  /** Graph output holding the class scores. */
  output: string;
  outputKind: OutputKind;
  classes: string[];
  /** Input name -> tensor name of its target layer. */
  targetLayers: Record<string, string>;
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

function parseInput(v: Json, where: string): InputSpec {
  const o = expectObject(v, where);
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

/** Parses and validates a gradcam.json document (already JSON-decoded). */
export function parseModelConfig(doc: Json, source = 'gradcam.json'): ModelConfig {
  const o = expectObject(doc, source);
  if (!Array.isArray(o.inputs) || o.inputs.length === 0) throw new ModelConfigError(`${source}: "inputs" must be a non-empty array`);
  const inputs = o.inputs.map((v, i) => parseInput(v, `${source}: inputs[${i}]`));
  const names = new Set<string>();
  for (const i of inputs) {
    if (names.has(i.name)) throw new ModelConfigError(`${source}: input "${i.name}" is listed twice`);
    names.add(i.name);
  }
  const kind = o.outputKind ?? 'logits';
  if (kind !== 'logits' && kind !== 'probabilities') throw new ModelConfigError(`${source}: "outputKind" must be "logits" or "probabilities"`);
  if (!Array.isArray(o.classes) || o.classes.length < 2) throw new ModelConfigError(`${source}: "classes" must list at least two class names`);
  const classes = o.classes.map((c, i) => expectString(c, `${source}: classes[${i}]`));
  const layers = expectObject(o.targetLayers ?? {}, `${source}: "targetLayers"`);
  const targetLayers: Record<string, string> = {};
  for (const [input, tensor] of Object.entries(layers)) {
    if (!names.has(input)) throw new ModelConfigError(`${source}: targetLayers names input "${input}", which is not among the inputs (${[...names].join(', ')})`);
    targetLayers[input] = expectString(tensor, `${source}: targetLayers.${input}`);
  }
  return { inputs, output: expectString(o.output, `${source}: "output"`), outputKind: kind, classes, targetLayers };
}
