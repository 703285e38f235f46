/** An API problem as a page section that says what happened and what to do about it. */
import { type ApiProblem, problemAdvice, problemTitle } from '@/lib/graphql/api-problem';

export function ProblemState({ problem, context }: { problem: ApiProblem; context?: string }) {
  return (
    <section className="state problem" role="alert" data-testid="problem-state">
      <h2>{problemTitle(problem)}</h2>
      {context && <p>{context}</p>}
      <p>{problemAdvice(problem)}</p>
    </section>
  );
}
