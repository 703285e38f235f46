/**
 * Figure text, drawn by librsvg (inside sharp) from one SVG layer per figure. DejaVu Sans is named
 * first because it is installed with most Linux distributions and covers ✓/✗; fontconfig
 * substitutes a sans-serif font where it is missing.
 */
export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

export const INK = '#1a1a1a';
export const WRONG = '#c62828';
export const RIGHT = '#2e7d32';

export interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
  colour?: string;
  /** Degrees, about (x, y). */
  rotate?: number;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** Cuts a label to at most `max` characters, with an ellipsis, so it cannot overrun its cell. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

/** One <text> element; (x, y) is the baseline point. */
export function svgText(text: string, x: number, y: number, o: TextOptions = {}): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    `font-family="${FONT_FAMILY}"`,
    `font-size="${o.size ?? 14}"`,
    `fill="${o.colour ?? INK}"`,
    `text-anchor="${o.anchor ?? 'start'}"`,
    o.bold ? 'font-weight="bold"' : '',
    o.rotate ? `transform="rotate(${o.rotate} ${x} ${y})"` : '',
  ];
  return `<text ${attrs.filter(Boolean).join(' ')}>${escapeXml(text)}</text>`;
}

export function svgRect(x: number, y: number, width: number, height: number, stroke: string, strokeWidth = 3): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="none" stroke="${stroke}" stroke-width="${strokeWidth}"/>`;
}

/** An SVG document of the figure's size holding the given elements, as a Buffer for sharp. */
export function svgLayer(width: number, height: number, elements: string[]): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${elements.join('')}</svg>`);
}
