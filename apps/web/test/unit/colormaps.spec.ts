/** Recolouring a jet map: every jet colour maps back to its own value's colour in viridis. */
import { expect, test } from '@playwright/test';
import { colormapTable, recolourJet } from '../../lib/colormaps';

test('jet pixels recolour to the viridis colour of the same value', () => {
  const jet = colormapTable('jet');
  const viridis = colormapTable('viridis');
  for (const index of [0, 40, 128, 200, 255]) {
    const pixels = new Uint8ClampedArray([jet[index * 3]!, jet[index * 3 + 1]!, jet[index * 3 + 2]!, 255]);
    recolourJet(pixels, 'viridis');
    const expected = [viridis[index * 3]!, viridis[index * 3 + 1]!, viridis[index * 3 + 2]!];
    // Neighbouring jet entries can share a colour; the value found is then off by one step at most.
    for (let c = 0; c < 3; c++) expect(Math.abs(pixels[c]! - expected[c]!)).toBeLessThanOrEqual(4);
    expect(pixels[3]).toBe(255);
  }
});
