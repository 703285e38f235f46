/**
 * Hostile or broken inputs to `gradcam analyze`: each gets one clear line and a non-zero exit, and
 * nothing is written (no JSON, no figures). The pixel bomb is refused from its header, before any
 * decoding.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '../../src/image/npy';
import { pngHeaderOfSize } from '../../testing/crafted-png';
import { runCli } from '../support/cli';
import { FIXTURES } from '../support/fixtures';

const model = join(FIXTURES, 'effnet4');
const inputs = ['mnv', 'fluid', 'ga', 'drusen'];
const dir = mkdtempSync(join(tmpdir(), 'gradcam-bad-'));
const good = Object.fromEntries(inputs.map((i) => [i, join(FIXTURES, 'effnet4', 'cases', 'b1_pred', `input_${i}.npy`)]));

function file(name: string, bytes: Uint8Array | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const args = (files: Record<string, string>, extra: string[] = []): string[] => ['analyze', '--model', model, ...Object.entries(files).flatMap(([k, v]) => ['--input', `${k}=${v}`]), '--device', 'cpu', ...extra];

describe('bad input to gradcam analyze', () => {
  test.each([
    ['a 30000×30000 pixel bomb, refused from its header', () => ({ ...good, mnv: file('bomb.png', pngHeaderOfSize(30000, 30000)) }), /over the limit|pixel limit/],
    ['a truncated PNG', () => ({ ...good, mnv: file('half.png', readFileSync(join(__dirname, '..', '..', '..', '..', 'models', 'demo', 'samples', 'images', 's0001_mnv.png')).subarray(0, 400)) }), /could not be decoded/],
    ['a tensor with the wrong channel count', () => ({ ...good, mnv: file('two.npy', encodeNpy(new Float32Array(2 * 100 * 100), [2, 100, 100])) }), /does not fit input 'mnv' \[1,100,100\]/],
    ['Inf in a tensor', () => ({ ...good, ga: file('inf.npy', encodeNpy(Float32Array.from({ length: 10000 }, (_, i) => (i === 42 ? Infinity : 0)), [1, 100, 100])) }), /NaN or infinite values \(element 42\)/],
    ['an empty file', () => ({ ...good, fluid: file('empty.png', Buffer.alloc(0)) }), /not a readable image|empty/],
  ])('%s: one line, exit 1, nothing written', async (_label, make, message) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const started = performance.now();
    const { code, stderr } = await runCli(args(make(), ['--json', join(out, 'r.json'), '--save-dir', out]));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('an unknown method is named with the available ones', async () => {
    const { code, stderr } = await runCli(args(good, ['--method', 'magic-cam']));
    expect(code).toBe(1);
    expect(stderr).toMatch(/magic-cam.*gradcam/);
  });

  test('a duplicated input is a usage error', async () => {
    const { code, stderr } = await runCli(['analyze', '--model', model, '--input', `mnv=${good.mnv}`, '--input', `mnv=${good.mnv}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/'mnv' is given twice/);
  });
});
