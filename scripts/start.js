#!/usr/bin/env node
/**
 * `npm start`: the whole product on embedded defaults. Starts the API (which starts an embedded
 * PostgreSQL under .data/, applies the migrations and registers the demo model), starts the
 * dashboard, and — the first time only — analyses the demo set twice, with the demo model and with
 * its earlier checkpoint, so that every view (compare runs too) has something to show. Ctrl-C
 * stops everything; the API stops its PostgreSQL on the way out.
 *
 * Ports: API_PORT (4000) and WEB_PORT (3000). Both listen on loopback only — the samples are
 * patients' scans — unless GRADCAM_HOST (API) / GRADCAM_WEB_HOST (dashboard) name another address;
 * exposing one says so. GRADCAM_DEMO_LIMIT analyses only the first rows.
 */
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const API_PORT = Number(process.env.API_PORT || 4000);
const WEB_PORT = Number(process.env.WEB_PORT || 3000);
const WEB_HOST = process.env.GRADCAM_WEB_HOST || '127.0.0.1';
/** How this machine reaches a server listening on `host` (every interface: loopback). */
const local = (host) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);
const API = `http://${local(process.env.GRADCAM_HOST || '127.0.0.1')}:${API_PORT}/graphql`;
const WEB = `http://${local(WEB_HOST)}:${WEB_PORT}`;
const isLoopback = (host) => host === 'localhost' || host === '::1' || /^127\./.test(host);
const DEMO_LIMIT = process.env.GRADCAM_DEMO_LIMIT ? Number(process.env.GRADCAM_DEMO_LIMIT) : undefined;
/** The two demo runs, by name: found on later starts, so the data is reused. */
const DEMO_RUNS = [
  { name: 'Demo model on the demo set', model: 'demo' },
  { name: 'Earlier checkpoint on the demo set', model: 'demo/earlier' },
];

const log = (line) => console.log(`[start] ${line}`);
const children = [];
let stopping = false;

function run(name, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}): stopping everything`);
    void stop(1);
  });
  return child;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  // The dashboard first, then the API, which stops its PostgreSQL before it exits.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 20000).unref();
    });
  }
  process.exit(code);
}

async function graphql(query, variables = {}) {
  const res = await fetch(API, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

async function waitFor(what, probe, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (stopping) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Starts the two demo runs unless they exist; returns their ids. */
async function demoRuns() {
  const { models } = await graphql('{ models { id path } }');
  const { runs } = await graphql('{ runs(first: 100) { nodes { id name } } }');
  const ids = [];
  for (const spec of DEMO_RUNS) {
    const existing = runs.nodes.find((r) => r.name === spec.name);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const model = models.find((m) => m.path === spec.model) ?? (await graphql('mutation($p: String!) { registerModel(path: $p) { id path } }', { p: spec.model })).registerModel;
    const input = { modelId: model.id, dataset: 'demo/samples', name: spec.name, ...(DEMO_LIMIT ? { limit: DEMO_LIMIT } : {}) };
    const { startBatch } = await graphql('mutation($i: StartBatchInput!) { startBatch(input: $i) { id } }', { i: input });
    ids.push(startBatch.id);
  }
  return ids;
}

async function reportProgress(ids) {
  let last = '';
  for (;;) {
    const states = await Promise.all(ids.map((id) => graphql('query($id: ID!) { run(id: $id) { name status progress { total done failed } } }', { id }).then((d) => d.run)));
    const line = states.map((r) => `${r.name}: ${r.progress.done + r.progress.failed}/${r.progress.total}${r.progress.failed ? ` (${r.progress.failed} failed)` : ''}`).join(' · ');
    if (line !== last) log(line);
    last = line;
    if (states.every((r) => r.status !== 'QUEUED' && r.status !== 'RUNNING')) return;
    await new Promise((r) => setTimeout(r, 3000));
  }
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  log('starting the API (embedded PostgreSQL under .data/ unless DATABASE_URL is set) ...');
  run('the API', process.execPath, [join(ROOT, 'apps', 'api', 'dist', 'main.js')], { cwd: ROOT, env: { ...process.env, PORT: String(API_PORT) } });
  await waitFor('the API', async () => (await graphql('{ __typename }')).__typename === 'Query', 180);
  const ids = await demoRuns();
  run('the dashboard', process.execPath, [require.resolve('next/dist/bin/next', { paths: [join(ROOT, 'apps', 'web')] }), 'start', '-p', String(WEB_PORT), '-H', WEB_HOST], {
    cwd: join(ROOT, 'apps', 'web'),
    env: { ...process.env, GRADCAM_API_URL: API, NEXT_TELEMETRY_DISABLED: '1' },
  });
  await waitFor('the dashboard', async () => (await fetch(`${WEB}/`)).ok, 120);
  if (!isLoopback(WEB_HOST)) log(`warning: the dashboard listens on ${WEB_HOST} without sign-in: anyone who reaches this machine sees every run and scan`);
  log(`GradCAM Studio is up: open ${WEB} (GraphQL API: ${API}). Ctrl-C stops it.`);
  await reportProgress(ids);
  log('demo runs analysed');
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  void stop(1);
});
