/** Parsing of repeated `name=value` options and other CLI argument forms. */
import { InvalidArgumentError } from 'commander';
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
