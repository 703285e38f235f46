import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/dataset/csv';
import { ManifestError, readManifest } from '../../src/dataset/manifest';
import { parseModelConfig } from '../../src/model/config';
import { tempDir } from '../support/dataset';

const config = parseModelConfig({
  inputs: ['mnv', 'ga'].map((name) => ({ name, channels: 1, height: 8, width: 8 })),
  output: 'logits',
  classes: ['normal', 'CNV', 'GA'],
});

function manifest(text: string, name = 'manifest.csv'): string {
  const dir = tempDir('gradcam-manifest-');
  writeFileSync(join(dir, name), text);
  return dir;
}

describe('CSV', () => {
  test('quotes, doubled quotes, commas and line breaks in fields, CRLF, BOM, blank lines', () => {
    const recs = parseCsv('\ufeffid,a\r\n"x, ""y""",b\n\n"multi\nline",c\n');
    expect(recs).toEqual([
      { line: 1, fields: ['id', 'a'] },
      { line: 2, fields: ['x, "y"', 'b'] },
      { line: 4, fields: ['multi\nline', 'c'] },
    ]);
  });

  test('an unclosed quote is an error naming its line', () => {
    expect(() => parseCsv('a\n"b,c\n', 'm.csv')).toThrow(/m\.csv: a quoted field opened on line 2 is never closed/);
  });
});

describe('manifest', () => {
  test('a folder or the file; paths relative to the manifest; labels by index or name; masks', () => {
    const dir = manifest('id,mnv,ga,label,mask_ga\ns1,a/mnv.png,/abs/ga.npy,1,m/ga.png\ns2,b.png,c.png,ga,\ns3,d.png,e.png,,\n');
    const m = readManifest(dir, config);
    expect(m.path).toBe(join(dir, 'manifest.csv'));
    expect(m.labelled).toBe(true);
    expect(m.rows[0]).toEqual({ line: 2, id: 's1', files: { mnv: join(dir, 'a/mnv.png'), ga: '/abs/ga.npy' }, masks: { ga: join(dir, 'm/ga.png') }, label: 1 });
    expect(m.rows[1]!.label).toBe(2);
    expect(m.rows[2]!.label).toBeUndefined();
    expect(readManifest(join(dir, 'manifest.csv'), config).rows).toHaveLength(3);
  });

  test.each([
    ['no id column', 'name,mnv,ga\n', /no 'id' column/],
    ['a missing input column', 'id,mnv\n', /no column for input\(s\) ga; the model takes mnv, ga/],
    ['a mask for no input', 'id,mnv,ga,mask_fluid\n', /mask_fluid name\(s\) no input/],
    ['a repeated column', 'id,mnv,ga,mnv\n', /column 'mnv' appears twice/],
    ['an empty file', '', /is empty/],
  ])('header problems throw: %s', (_l, text, message) => {
    expect(() => readManifest(manifest(text), config)).toThrow(ManifestError);
    expect(() => readManifest(manifest(text), config)).toThrow(message);
  });

  test('a folder without manifest.csv, and a missing path', () => {
    const dir = tempDir('gradcam-manifest-');
    mkdirSync(join(dir, 'sub'));
    expect(() => readManifest(join(dir, 'sub'), config)).toThrow(/no manifest\.csv in the folder/);
    expect(() => readManifest(join(dir, 'nope.csv'), config)).toThrow(/dataset not found/);
  });

  test('row problems stay on their row', () => {
    const m = readManifest(manifest('id,mnv,ga,label\ns1,a,b,0\ns1,a,b,0\n,a,b,0\ns4,,b,0\ns5,a,b,sick\ns6,a,b\n../x,a,b,1\nok,a,b,CNV\n'), config);
    const problems = m.rows.map((r) => r.problem);
    expect(problems[0]).toBeUndefined();
    expect(problems[1]).toMatch(/^line 3: id 's1' already used on line 2$/);
    expect(problems[2]).toMatch(/sample id '' cannot be used/);
    expect(problems[3]).toMatch(/no file for input 'mnv'/);
    expect(problems[4]).toMatch(/label 'sick' is neither a class index 0\.\.2 nor a class name \(normal, CNV, GA\)/);
    expect(problems[5]).toMatch(/3 fields for 4 columns/);
    expect(problems[6]).toMatch(/cannot be used in a file name/);
    expect(problems[7]).toBeUndefined();
    expect(m.rows[7]!.label).toBe(1);
  });
});

describe('manifest truth per task', () => {
  const head = { inputs: [{ name: 'x', channels: 1, height: 8, width: 8 }], output: 'logits' };
  const multilabel = parseModelConfig({ ...head, task: 'multilabel', classes: ['drusen', 'fluid', 'GA'] });
  const regression = parseModelConfig({ ...head, task: 'regression', classes: ['severity', 'area'] });

  test('multi-label: indices or names separated by ;, sorted without repeats; - is none; empty is unknown', () => {
    const m = readManifest(manifest('id,x,labels\na,a.npy,2;0\nb,b.npy,fluid; drusen;1\nc,c.npy,-\nd,d.npy,\ne,e.npy,GA;sick\nf,f.npy,1;;2\n'), multilabel);
    expect(m.labelled).toBe(true);
    expect(m.rows.map((r) => r.labels)).toEqual([[0, 2], [0, 1], [], undefined, undefined, undefined]);
    expect(m.rows.slice(0, 4).map((r) => r.problem)).toEqual([undefined, undefined, undefined, undefined]);
    expect(m.rows[4]!.problem).toMatch(/label 'sick' is neither a class index 0\.\.2 nor a class name/);
    expect(m.rows[5]!.problem).toMatch(/labels '1;;2' has an empty entry/);
    expect(m.rows.every((r) => r.label === undefined)).toBe(true);
  });

  test('regression: value, else label, as a number', () => {
    const m = readManifest(manifest('id,x,value\na,a.npy,3.25\nb,b.npy,-1e-2\nc,c.npy,\nd,d.npy,high\ne,e.npy,0x10\n'), regression);
    expect(m.rows.map((r) => r.value)).toEqual([3.25, -0.01, undefined, undefined, undefined]);
    expect(m.rows[3]!.problem).toMatch(/value 'high' is not a number/);
    expect(m.rows[4]!.problem).toMatch(/value '0x10' is not a number/);
    const byLabel = readManifest(manifest('id,x,label\na,a.npy,7\n'), regression);
    expect(byLabel).toMatchObject({ labelled: true, rows: [{ value: 7 }] });
    expect(byLabel.rows[0]!.label).toBeUndefined();
  });

  test('a manifest without the task\'s truth column is unlabelled', () => {
    const m = readManifest(manifest('id,x,label\na,a.npy,1\n'), multilabel);
    expect(m.labelled).toBe(false);
    expect(m.rows[0]).toEqual({ line: 2, id: 'a', files: { x: expect.any(String) }, masks: {} });
  });
});
