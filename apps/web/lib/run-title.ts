/** How a run is named in headings: every model has an ad-hoc run, so those are told apart by model. */
export function runTitle(run: { kind: string; name: string; model: { name: string; version: number } }): string {
  return run.kind === 'ADHOC' ? `${run.model.name} v${run.model.version} · ad hoc` : run.name;
}
