import { applyColormap, colormapColor, colormapTable, COLORMAPS, isColormap } from '../../src/figures/colormap';

// matplotlib 3.6 `cm.<name>(v, bytes=True)[:3]` (bytes truncate; the tables here round, hence ±1 or ±2).
const VALUES = [0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1];
const MATPLOTLIB = {
  jet: [[0, 0, 127], [0, 0, 241], [0, 128, 255], [41, 255, 205], [124, 255, 121], [205, 255, 41], [255, 148, 0], [241, 7, 0], [127, 0, 0]],
  viridis: [[68, 1, 84], [72, 35, 116], [58, 82, 139], [41, 120, 142], [32, 144, 140], [34, 167, 132], [94, 201, 97], [189, 222, 38], [253, 231, 36]],
  turbo: [[48, 18, 59], [68, 88, 203], [40, 187, 235], [70, 247, 131], [164, 252, 59], [225, 220, 55], [250, 125, 32], [195, 36, 2], [122, 4, 2]],
} as const;

describe('colormaps', () => {
  test.each(COLORMAPS)('%s matches matplotlib within 2/255 per channel', (name) => {
    VALUES.forEach((v, i) => {
      const got = colormapColor(v, name);
      const want = MATPLOTLIB[name][i]!;
      got.forEach((c, k) => expect(Math.abs(c - want[k]!)).toBeLessThanOrEqual(2));
    });
  });

  test('jet: blue at the low end, red at the high end', () => {
    const [lr, , lb] = colormapColor(0);
    const [hr, , hb] = colormapColor(1);
    expect(lb).toBeGreaterThan(100);
    expect(lr).toBe(0);
    expect(hr).toBeGreaterThan(100);
    expect(hb).toBe(0);
  });

  test('values outside 0..1 and NaN are clipped', () => {
    expect(colormapColor(-3)).toEqual(colormapColor(0));
    expect(colormapColor(7)).toEqual(colormapColor(1));
    expect(colormapColor(NaN)).toEqual(colormapColor(0));
  });

  test('applyColormap: interleaved RGB, one pixel per value, default jet', () => {
    const rgb = applyColormap(Float32Array.from([0, 0.5, 1]));
    expect(rgb).toHaveLength(9);
    expect(Array.from(rgb.subarray(6, 9))).toEqual(colormapColor(1, 'jet'));
    expect(Array.from(applyColormap([1], 'viridis'))).toEqual(colormapColor(1, 'viridis'));
  });

  test('every table has 256 entries; names are checked', () => {
    for (const name of COLORMAPS) expect(colormapTable(name)).toHaveLength(768);
    expect(isColormap('turbo')).toBe(true);
    expect(isColormap('hot')).toBe(false);
    expect(() => colormapTable('hot' as never)).toThrow(/unknown colormap 'hot' \(available: jet, turbo, viridis\)/);
  });
});
