'use client';
/** The heat map's colour scale in the chosen colormap, with what its ends mean. */
import { colormapGradient } from '@/lib/colormaps';
import { useColormap } from '../preferences/colormap-preference';

export function ColormapLegend({ rawMin, rawMax }: { rawMin?: number; rawMax?: number }) {
  const colormap = useColormap();
  const range = rawMin !== undefined && rawMax !== undefined ? ` (raw CAM ${rawMin.toPrecision(3)} … ${rawMax.toPrecision(3)})` : '';
  return (
    <div className="legend" role="img" aria-label={`Colour scale, ${colormap}: low relevance to high relevance${range}`}>
      <span>low</span>
      <span className="ramp" style={{ background: colormapGradient(colormap) }} />
      <span>high</span>
    </div>
  );
}
