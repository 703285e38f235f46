'use client';
/**
 * One model input: the original image, the heat map over it (opacity under the researcher's
 * control), and the heat map alone with its colour scale and peak. When another class has been
 * explained, its overlay and map follow on the same row, for a side-by-side look.
 */
import { useId, useState } from 'react';
import { HeatmapImage } from './heatmap-image';
import { ColormapLegend } from './colormap-legend';

export interface InputMaps {
  input: string;
  url: string;
  overlayUrl: string;
  rawMin: number;
  rawMax: number;
  peak: { x: number; y: number };
}

export interface InputRowProps {
  maps: InputMaps;
  /** The input image as the model saw it; null while the API does not serve it. */
  imageUrl: string | null;
  explainedLabel: string;
  other?: { label: string; maps: InputMaps };
}

/** The API's overlay already blends the map in; over it, extra opacity starts at none. */
const DEFAULT_OPACITY_OVER_IMAGE = 0.5;
const DEFAULT_OPACITY_OVER_OVERLAY = 0;

function Overlay({ maps, imageUrl, opacity, testId }: { maps: InputMaps; imageUrl: string | null; opacity: number; testId: string }) {
  return (
    <div className="stack">
      {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are served as stored */}
      <img src={imageUrl ?? maps.overlayUrl} alt={`${maps.input} ${imageUrl ? 'image' : 'heat map over the image'}`} data-testid={testId} />
      <HeatmapImage src={maps.url} alt="" style={{ opacity }} />
    </div>
  );
}

function HeatmapWithPeak({ maps, size }: { maps: InputMaps; size: number }) {
  return (
    <div className="stack">
      <HeatmapImage src={maps.url} alt={`${maps.input} heat map`} />
      <svg viewBox={`0 0 ${size} ${size}`} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }} aria-hidden="true">
        <circle cx={maps.peak.x} cy={maps.peak.y} r={size / 28} fill="none" stroke="#fff" strokeWidth={size / 110} />
        <circle cx={maps.peak.x} cy={maps.peak.y} r={size / 28} fill="none" stroke="#000" strokeWidth={size / 220} strokeDasharray="3 3" />
      </svg>
    </div>
  );
}

export function InputRow({ maps, imageUrl, explainedLabel, other }: InputRowProps) {
  const [opacity, setOpacity] = useState(imageUrl ? DEFAULT_OPACITY_OVER_IMAGE : DEFAULT_OPACITY_OVER_OVERLAY);
  const sliderId = useId();
  // Peaks are in input pixels; the demo and most models use square inputs of this order.
  const size = Math.max(224, maps.peak.x + 1, maps.peak.y + 1);
  return (
    <div className="input-row" data-testid="input-row" data-input={maps.input} style={{ ['--maps' as string]: (imageUrl ? 3 : 2) + (other ? 2 : 0) }}>
      <div>
        <h3>{maps.input}</h3>
        <label htmlFor={sliderId} className="small muted">
          Heat-map opacity {Math.round(opacity * 100)}%
        </label>
        <input id={sliderId} type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} style={{ width: '100%' }} data-testid="opacity-slider" />
        <ColormapLegend rawMin={maps.rawMin} rawMax={maps.rawMax} />
        <p className="small muted">
          peak at ({maps.peak.x}, {maps.peak.y})
        </p>
      </div>
      {imageUrl && (
        <figure>
          <div className="single">
            {/* eslint-disable-next-line @next/next/no-img-element -- artifacts are served as stored */}
            <img src={imageUrl} alt={`${maps.input} input image`} data-testid="original-image" />
          </div>
          <figcaption>original</figcaption>
        </figure>
      )}
      <figure>
        <Overlay maps={maps} imageUrl={imageUrl} opacity={opacity} testId="overlay-image" />
        <figcaption>overlay · {explainedLabel}</figcaption>
      </figure>
      <figure>
        <HeatmapWithPeak maps={maps} size={size} />
        <figcaption>heat map · {explainedLabel}</figcaption>
      </figure>
      {other && (
        <>
          <figure>
            <Overlay maps={other.maps} imageUrl={imageUrl} opacity={opacity} testId="other-overlay-image" />
            <figcaption>overlay · {other.label}</figcaption>
          </figure>
          <figure>
            <HeatmapWithPeak maps={other.maps} size={size} />
            <figcaption>heat map · {other.label}</figcaption>
          </figure>
        </>
      )}
    </div>
  );
}
