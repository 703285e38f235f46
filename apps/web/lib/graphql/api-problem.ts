/**
 * What went wrong talking to the API, in words a researcher can act on. Pages render these
 * themselves (a thrown error reaches the browser as an opaque digest in production).
 */
export type ApiProblem =
  | { kind: 'unreachable'; url: string; detail: string }
  | { kind: 'api-lacks'; operation: string; fields: readonly string[] }
  | { kind: 'graphql'; operation: string; code: string | undefined; message: string }
  | { kind: 'http'; operation: string; status: number };

export type ApiResult<T> = { ok: true; data: T } | { ok: false; problem: ApiProblem };

export function problemTitle(problem: ApiProblem): string {
  switch (problem.kind) {
    case 'unreachable':
      return 'The GradCAM API is not reachable';
    case 'api-lacks':
      return 'The API does not offer this yet';
    case 'graphql':
      return problem.code === 'NOT_FOUND' ? 'Not found' : 'The API refused the request';
    case 'http':
      return `The API answered HTTP ${problem.status}`;
  }
}

export function problemAdvice(problem: ApiProblem): string {
  switch (problem.kind) {
    case 'unreachable':
      return `Nothing answered at ${problem.url} (${problem.detail}). Start it with \`npm start -w apps/api\` (or the whole product with \`npm start\` at the repository root), or point GRADCAM_API_URL at it, then reload.`;
    case 'api-lacks':
      return `${problem.operation} needs ${problem.fields.join(', ')}, which this API version does not serve. Update apps/api; this view works as soon as it does.`;
    case 'graphql':
      return problem.message;
    case 'http':
      return `Check the API's log for ${problem.operation}, then reload.`;
  }
}
