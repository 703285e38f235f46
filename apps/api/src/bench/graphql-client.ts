/**
 * A minimal GraphQL-over-HTTP client for the benchmark (one POST per operation). It is node:http
 * on kept-alive connections: the client shares the API's two cores here, and fetch (undici)
 * costs ~0.8 ms more per request than node:http, time a client on another machine would not take
 * from the API's figures.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return postGraphql<T>(url, JSON.stringify({ query, variables }));
}

function answerOf<T>(status: number | undefined, text: string): T {
  let answer: { data?: T; errors?: { message: string }[] };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new Error(`HTTP ${status}, not a GraphQL answer: ${text.slice(0, 200)}`);
  }
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL: ${answer.errors?.map((e) => e.message).join('; ')}`);
  return answer.data;
}

/** POSTs a request body made beforehand; the operation's data, or an error with GraphQL's messages. */
export function postGraphql<T>(url: string, body: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request(`${url}/graphql`, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(answerOf<T>(res.statusCode, Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
