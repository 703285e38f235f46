/** A regression run's predicted-vs-true panel: its points are read from the run's samples (the first page of 500). */
import { type RegressionPoint, PredictedVsTrue } from '@/components/charts/predicted-vs-true';
import { ProblemState } from '@/components/states/problem-state';
import { gql } from '@/lib/graphql/client';
import { RegressionPointsDocument } from '@/lib/graphql/generated/operations';

export async function RegressionPanel({ runId, outputName }: { runId: string; outputName: string }) {
  const res = await gql(RegressionPointsDocument, { id: runId });
  if (!res.ok) return <ProblemState problem={res.problem} context="The run's predicted and true values could not be loaded." />;
  const nodes = res.data.run?.samples.nodes ?? [];
  const points: RegressionPoint[] = nodes.flatMap((s) => (s.trueValue !== null && s.values?.length ? [{ id: s.id, externalId: s.externalId, predicted: s.values[0]!, truth: s.trueValue }] : []));
  return (
    <section className="panel" aria-labelledby="regression-title" style={{ marginTop: '1rem' }}>
      <h2 id="regression-title">Predicted vs true {outputName}</h2>
      {points.length ? <PredictedVsTrue points={points} outputName={outputName} read={nodes.length} total={res.data.run?.samples.totalCount ?? nodes.length} /> : <p className="muted">No sample has a true value yet.</p>}
    </section>
  );
}
