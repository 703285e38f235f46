/**
 * Colours of the charts: Okabe–Ito for categories (distinct under the common colour-vision
 * deficiencies) and a single-hue blue ramp for counts, which reads by lightness alone.
 */
export const CATEGORY_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

export const RIGHT_COLOUR = '#0072B2';
export const WRONG_COLOUR = '#D55E00';

export function categoryColour(index: number): string {
  return CATEGORY_COLOURS[index % CATEGORY_COLOURS.length]!;
}

const LIGHT = [240, 244, 250];
const DARK = [8, 48, 107];

/** A share 0..1 as a blue from near-white to dark navy, and the text colour readable on it. */
export function rampColour(share: number): { background: string; color: string } {
  const t = Math.max(0, Math.min(1, share));
  const rgb = LIGHT.map((l, i) => Math.round(l + (DARK[i]! - l) * t));
  return { background: `rgb(${rgb.join(',')})`, color: t > 0.45 ? '#fff' : '#1d2330' };
}
