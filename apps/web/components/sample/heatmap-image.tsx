'use client';
/**
 * A jet heat-map PNG from the API, shown in the chosen colormap: as is for jet, redrawn on a
 * canvas for viridis. The <img> stays in the page either way (hidden when recoloured), so its
 * load state is observable and it remains the accessible image.
 */
import { useEffect, useRef, useState } from 'react';
import { recolourJet } from '@/lib/colormaps';
import { useColormap } from '../preferences/colormap-preference';

export function HeatmapImage({ src, alt, className, style }: { src: string; alt: string; className?: string; style?: React.CSSProperties }) {
  const colormap = useColormap();
  const img = useRef<HTMLImageElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    const image = img.current;
    const target = canvas.current;
    if (colormap === 'jet' || !loaded || !image || !target || !image.naturalWidth) return;
    target.width = image.naturalWidth;
    target.height = image.naturalHeight;
    const ctx = target.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(image, 0, 0);
    const pixels = ctx.getImageData(0, 0, target.width, target.height);
    recolourJet(pixels.data, colormap);
    ctx.putImageData(pixels, 0, 0);
  }, [colormap, loaded, src]);

  const recoloured = colormap !== 'jet' && loaded;
  return (
    <>
      {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are served as is; Next's optimiser would re-encode them */}
      <img ref={img} src={src} alt={alt} className={className} style={{ ...style, visibility: recoloured ? 'hidden' : undefined }} onLoad={() => setLoaded(true)} data-heatmap />
      {recoloured && <canvas ref={canvas} className={className} style={style} aria-hidden="true" />}
    </>
  );
}
