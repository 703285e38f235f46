/**
 * Heat-map PNGs, passed through from the API's /artifacts/: the browser only ever talks to the
 * dashboard, and the API's address is read at run time (GRADCAM_API_URL), not baked into pages.
 */
import { apiOrigin } from '@/lib/env';

const PASSED_HEADERS = ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified'];

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  const url = `${apiOrigin()}/artifacts/${path.map(encodeURIComponent).join('/')}`;
  let upstream: Response;
  try {
    upstream = await fetch(url, { cache: 'no-store' });
  } catch {
    return new Response('the GradCAM API is not reachable', { status: 502 });
  }
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}
