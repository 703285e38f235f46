/**
 * GET /artifacts/...: the heat-map PNGs, read-only. A PNG not drawn yet is drawn from its sample's
 * heat-map source on this first request (heatmap-renderer.ts). Files never change once written
 * (each sample has its own id), so they are cached for a year; only PNGs are served, no listing,
 * no dot files, nothing outside the folder (serve-static refuses `..`).
 */
import express, { type RequestHandler } from 'express';
import type { HeatmapRenderer } from './heatmap-renderer';
import { pngTarget } from './sample-files';

export function artifactsRoute(root: string, renderer: HeatmapRenderer): RequestHandler {
  const serve = express.static(root, {
    index: false,
    redirect: false,
    dotfiles: 'deny',
    fallthrough: true,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  const notFound: RequestHandler = (_req, res) => void res.status(404).type('text/plain').send('Not Found');
  return (req, res, next) => {
    if (!req.path.endsWith('.png')) return notFound(req, res, next);
    serve(req, res, () => {
      const target = pngTarget(req.path);
      if (!target) return notFound(req, res, next);
      renderer.render(target.folder, target.stem).then(
        (drawn) => (drawn ? serve(req, res, () => notFound(req, res, next)) : notFound(req, res, next)),
        next,
      );
    });
  };
}
