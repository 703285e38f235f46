/** A minimal GraphQL-over-HTTP client for the benchmark (one POST per operation). */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return postGraphql<T>(url, JSON.stringify({ query, variables }));
}

/** POSTs a request body made beforehand; the operation's data, or an error with GraphQL's messages. */
export async function postGraphql<T>(url: string, body: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL: ${answer.errors?.map((e) => e.message).join('; ')}`);
  return answer.data;
}
