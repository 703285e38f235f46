/** Parsing of repeated `name=value` options and other CLI argument forms. */
import { InvalidArgumentError } from 'commander';
import { COLORMAPS, type ColormapName, isColormap } from '../figures/colormap';
import { DEVICES, type Device } from '../runtime/device';

/** Collects `--input mnv=a.png --input ga=b.png` into { mnv: 'a.png', ga: 'b.png' }. */
export function collectPairs(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError(`expected <name>=<value>, got '${value}'`);
  const key = value.slice(0, eq);
  if (key in previous) throw new InvalidArgumentError(`'${key}' is given twice`);
  return { ...previous, [key]: value.slice(eq + 1) };
}

export function parseDevice(value: string): Device {
  if (!(DEVICES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${DEVICES.join(', ')}`);
  return value as Device;
}

export function parseNonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a non-negative integer');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = parseNonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError('a positive integer');
  return n;
}

export function parseColormapName(value: string): ColormapName {
  if (!isColormap(value)) throw new InvalidArgumentError(`one of ${COLORMAPS.join(', ')}`);
  return value;
}

/** A weight in 0..1 (the overlay's heat map share). */
export function parseUnitInterval(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('a number from 0 to 1');
  return n;
}

/** A positive count, or `all`. */
export function parseCountOrAll(value: string): number {
  return value === 'all' ? Infinity : parsePositiveInt(value);
}

/** Which class `gradcam evaluate` explains. */
export function parseTarget(value: string): 'predicted' | 'true' {
  if (value !== 'predicted' && value !== 'true') throw new InvalidArgumentError('predicted or true');
  return value;
}

/** `0.1,0.5,0.9`: fractions strictly between 0 and 1. */
export function parseFractions(value: string): number[] {
  const parts = value.split(',').map((v) => Number(v));
  if (parts.length === 0 || parts.some((f) => !Number.isFinite(f) || f <= 0 || f >= 1)) throw new InvalidArgumentError('comma-separated fractions between 0 and 1, e.g. 0.1,0.5,0.9');
  return parts;
}
