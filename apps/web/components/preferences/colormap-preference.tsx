'use client';
/**
 * The heat-map colormap the researcher chose, kept in localStorage so it holds across pages and
 * visits. Jet is what the API renders; viridis is the colour-blind-safe alternative.
 */
import { createContext, type ReactNode, useCallback, useContext, useSyncExternalStore } from 'react';
import { type Colormap, COLORMAP_LABELS, COLORMAPS } from '@/lib/colormaps';

const STORAGE_KEY = 'gradcam.colormap';
const listeners = new Set<() => void>();

function read(): Colormap {
  const stored = typeof window === 'undefined' ? null : window.localStorage.getItem(STORAGE_KEY);
  return (COLORMAPS as readonly string[]).includes(stored ?? '') ? (stored as Colormap) : 'jet';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

const ColormapContext = createContext<{ colormap: Colormap; setColormap: (c: Colormap) => void }>({ colormap: 'jet', setColormap: () => undefined });

export function ColormapProvider({ children }: { children: ReactNode }) {
  const colormap = useSyncExternalStore(subscribe, read, () => 'jet' as Colormap);
  const setColormap = useCallback((c: Colormap) => {
    window.localStorage.setItem(STORAGE_KEY, c);
    listeners.forEach((l) => l());
  }, []);
  return <ColormapContext.Provider value={{ colormap, setColormap }}>{children}</ColormapContext.Provider>;
}

export function useColormap(): Colormap {
  return useContext(ColormapContext).colormap;
}

export function ColormapPicker() {
  const { colormap, setColormap } = useContext(ColormapContext);
  return (
    <label>
      Heat-map colours
      <select value={colormap} onChange={(e) => setColormap(e.target.value as Colormap)} data-testid="colormap-picker">
        {COLORMAPS.map((c) => (
          <option key={c} value={c}>
            {COLORMAP_LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
