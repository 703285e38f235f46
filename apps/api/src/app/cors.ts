/**
 * Cross-origin access, for the origins listed in GRADCAM_CORS_ORIGINS only. With none listed no
 * CORS header is sent, so browsers allow only same-origin pages (the dashboard calls the API from
 * its server, which needs none).
 */
import type { RequestHandler } from 'express';

export function corsMiddleware(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    if (req.method !== 'OPTIONS') return next();
    // A preflight: answered here, for what a GraphQL client sends.
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, Apollo-Require-Preflight');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
