/**
 * GET /artifacts/...: the heat-map PNGs, read-only. Files never change once written (each sample
 * has its own id), so they are cached for a year; no listing, no dot files, nothing outside the
 * folder (serve-static refuses `..`).
 */
import express, { type RequestHandler } from 'express';

export function artifactsRoute(root: string): RequestHandler {
  return express.static(root, {
    index: false,
    redirect: false,
    dotfiles: 'deny',
    fallthrough: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
}
