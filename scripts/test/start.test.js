/**
 * `npm start` as a user meets it: the API, its embedded PostgreSQL, the two demo runs and the
 * dashboard come up and say where to open it; Ctrl-C leaves no process behind; a second start
 * reuses the data instead of analysing again. Own ports and data folders, a few demo rows.
 */
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const { chmodSync, mkdtempSync, readFileSync } = require('node:fs');
const { networkInterfaces, tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const data = mkdtempSync(join(tmpdir(), 'gradcam-start-'));
chmodSync(data, 0o755); // the embedded PostgreSQL runs as its own user and must reach its data
const env = {
  ...process.env,
  API_PORT: '4310',
  WEB_PORT: '3310',
  GRADCAM_PG_PORT: '54410',
  GRADCAM_PG_DATA_DIR: join(data, 'pg'),
  GRADCAM_ARTIFACT_DIR: join(data, 'artifacts'),
  GRADCAM_DEMO_LIMIT: '4',
};

/** Starts `npm start`'s script and resolves once `until` appears in its output. */
function start(until, seconds) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const seen = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${until}' within ${seconds} s:\n${out}`)), seconds * 1000);
    const onData = (chunk) => {
      out += chunk;
      if (out.includes(until)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited (${code}) before '${until}':\n${out}`)));
  });
  return { child, seen, output: () => out };
}

async function graphqlBody(query) {
  const res = await fetch('http://127.0.0.1:4310/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return res.json();
}

const graphql = async (query) => (await graphqlBody(query)).data;

/** The README's example GraphQL blocks, as a user would paste them. */
const readmeExamples = () => [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

function stopped(child) {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const postgresLeft = () => {
  try {
    return execFileSync('pgrep', ['-f', join(data, 'pg')], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

test('npm start brings up the product, stops cleanly, and reuses its data', { timeout: 600000 }, async () => {
  const first = start('demo runs analysed', 400);
  await first.seen;
  assert.match(first.output(), /GradCAM Studio is up: open http:\/\/127\.0\.0\.1:3310/);
  const { runs } = await graphql('{ runs(first: 10) { nodes { name status progress { done failed } } } }');
  const demo = runs.nodes.filter((r) => r.name.endsWith('on the demo set'));
  assert.deepEqual(demo.map((r) => [r.status, r.progress.done]).sort(), [['COMPLETED', 4], ['COMPLETED', 4]]);
  assert.equal((await fetch('http://127.0.0.1:3310/')).status, 200);
  // Loopback only: neither server answers on this machine's other addresses.
  const external = Object.values(networkInterfaces()).flat().find((a) => !a.internal && a.family === 'IPv4')?.address;
  for (const port of external ? [3310, 4310] : []) await assert.rejects(fetch(`http://${external}:${port}/`), `port ${port} answers on ${external}`);
  assert.equal(await stopped(first.child), 0);
  assert.equal(postgresLeft(), '');

  const second = start('demo runs analysed', 120);
  await second.seen;
  assert.doesNotMatch(second.output(), /0\/4/); // nothing analysed again: the runs were found
  const again = await graphql('{ runs(first: 10) { totalCount nodes { id name } } models { id name } }');
  assert.equal(again.runs.totalCount, runs.nodes.length);

  // The README's example queries work as written, on these demo runs.
  const model = again.models.find((m) => m.name === 'demo');
  const run = again.runs.nodes.find((r) => r.name === 'Demo model on the demo set');
  const examples = readmeExamples();
  assert.ok(examples.length >= 3);
  for (const example of examples) {
    const body = await graphqlBody(example.replaceAll('MODEL_ID', model.id).replaceAll('RUN_ID', run.id));
    assert.equal(body.errors, undefined, `${example}\n${JSON.stringify(body.errors)}`);
    assert.ok(body.data);
  }
  assert.equal(await stopped(second.child), 0);
  assert.equal(postgresLeft(), '');
});
