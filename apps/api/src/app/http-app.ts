/** The HTTP surface: POST/GET /graphql (Apollo), GET /artifacts/... (heat-map PNGs), GET /health. */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { formatError } from '../errors/format-error';
import { buildApiSchema } from '../schema/build-schema';
import { ARTIFACTS_PREFIX } from '../storage/artifact-store';
import { artifactsRoute } from '../storage/artifacts-route';
import { HeatmapRenderer } from '../storage/heatmap-renderer';
import { apiKeyPlugin } from './api-key-plugin';
import type { ApiContext } from './context';
import { corsMiddleware } from './cors';
import { inputHygienePlugin, requireUtf8Body } from './input-hygiene';
import { queryLimitsPlugin } from './query-limits';
import { clientOf, rateLimitPlugin } from './rate-limit';
import type { ApiServices } from './services';

/** Base64 images of a sample arrive in the request body. */
export const BODY_LIMIT = '160mb';

export async function createHttpApp(services: ApiServices): Promise<{ app: Express; apollo: ApolloServer<ApiContext> }> {
  const apollo = new ApolloServer<ApiContext>({
    schema: await buildApiSchema(),
    // No field sets a cache hint, so Apollo's default cache-control plugin only cost its per-field
    // hooks: ~0.3-0.8 ms a request here (more the more fields an answer has).
    plugins: [ApolloServerPluginCacheControlDisabled(), apiKeyPlugin<ApiContext>(services.config.apiKey), queryLimitsPlugin<ApiContext>(), inputHygienePlugin<ApiContext>(), rateLimitPlugin(services.config.rateLimitPerMinute)],
    introspection: services.config.introspection,
    formatError,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use(corsMiddleware(services.config.corsOrigins));
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(ARTIFACTS_PREFIX, artifactsRoute(services.artifacts.root, new HeatmapRenderer(services.artifacts.root)));
  app.use('/graphql', express.json({ limit: BODY_LIMIT, verify: requireUtf8Body }), expressMiddleware(apollo, { context: async ({ req }) => ({ services, client: clientOf(req) }) }));
  // A body over the limit is refused from its Content-Length, unread; answered as GraphQL errors are.
  app.use('/graphql', (err: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'encoding.invalid') return void res.status(400).json({ errors: [{ message: 'the request body is not valid UTF-8', extensions: { code: 'BAD_USER_INPUT' } }] });
    if (err?.type !== 'entity.too.large') return next(err);
    res.status(413).json({ errors: [{ message: `the request body is over the limit of ${BODY_LIMIT}`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });
  return { app, apollo };
}
