#!/usr/bin/env node
// The PouchDB side of FieldCheck's sync benchmark. Normally started by run.sh, which starts
// pouchdb-server on 127.0.0.1 and passes --server-url; see README.md for what each figure means.
//
// usage: node bench.js --docs FILE.ndjson --changes N --repeats R --out RESULT.json
//                      --server-url http://127.0.0.1:P --workdir DIR [--server-pid PID]
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const {
  fail, progress, runMain, parseArgs, positiveIntegers, loopbackOrigin,
  now, msSince, summary, versionOf, peakRssMiB, ownPeakRssMiB, dirMiB,
} = require('../peers/common');
const { mulberry32, hexId } = require('./prng');
const { checkServer, freshRemote, checkReplication } = require('./remote');

const LOAD_BATCH = 1000;       // docs per bulkDocs request when loading the server (not a replication setting)
const SAMPLE_CHECKS = 200;     // docs compared field by field after the initial pull

// --- arguments ------------------------------------------------------------------------------

function args(argv) {
  const o = parseArgs(argv, {
    '--docs': 'docs', '--changes': 'changes', '--repeats': 'repeats', '--out': 'out',
    '--server-url': 'serverUrl', '--workdir': 'workdir', '--server-pid': 'serverPid',
  }, ['docs', 'changes', 'repeats', 'out', 'serverUrl', 'workdir']);
  positiveIntegers(o, ['changes', 'repeats']);
  o.serverUrl = loopbackOrigin(o.serverUrl);
  return o;
}

// --- the docs file --------------------------------------------------------------------------

async function loadDocs(file) {
  const docs = [];
  const ids = new Set();
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let rec;
    try { rec = JSON.parse(text); } catch (e) { fail(`${file}:${line}: not JSON (${e.message})`); }
    if (!rec || typeof rec.type !== 'string' || rec.type === '' ||
        typeof rec.id !== 'string' || rec.id === '' ||
        !rec.fields || typeof rec.fields !== 'object' || Array.isArray(rec.fields)) {
      fail(`${file}:${line}: expected {"type": string, "id": string, "fields": object}`);
    }
    for (const k of Object.keys(rec.fields)) {
      if (k.startsWith('_')) fail(`${file}:${line}: field "${k}" starts with "_" (reserved by PouchDB/CouchDB)`);
    }
    const doc = Object.assign({ _id: rec.type + ':' + rec.id, type: rec.type }, rec.fields);
    if (ids.has(doc._id)) fail(`${file}:${line}: duplicate id ${doc._id}`);
    ids.add(doc._id);
    docs.push(doc);
  }
  if (docs.length === 0) fail(`${file}: no documents`);
  return docs;
}

// --- helpers --------------------------------------------------------------------------------

// JSON with sorted keys, to compare documents independently of key order.
function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}
function withoutRev(doc) {
  const { _rev, ...rest } = doc; // eslint-disable-line no-unused-vars
  return rest;
}

function checkBulk(what, results) {
  const bad = results.filter((r) => !r.ok);
  if (bad.length) fail(`${what}: ${bad.length} write(s) failed, first: ${JSON.stringify(bad[0])}`);
  return results;
}

// {id: {rev, status}} from a bulkDocs call. Matched by id: pouchdb-server (express-pouchdb over
// pouchdb 7) does not always answer _bulk_docs in the order of the request.
function expectedRevs(written, results, what) {
  const revs = new Map(results.map((r) => [r.id, r.rev]));
  const out = {};
  for (const d of written) {
    if (!revs.has(d._id)) fail(`${what}: no result for ${d._id}`);
    out[d._id] = { rev: revs.get(d._id), status: d.status };
  }
  return out;
}

async function docCount(db) { return (await db.info()).doc_count; }

// Fetches docs by id; fails when one is missing.
async function getAll(db, ids, what) {
  const res = await db.allDocs({ keys: ids, include_docs: true });
  return res.rows.map((row) => {
    if (!row.doc) fail(`${what}: ${row.key} is missing (${row.error || (row.value && row.value.deleted ? 'deleted' : 'no doc')})`);
    return row.doc;
  });
}

// Verifies that each id has the expected rev (and status) in db.
async function checkRevs(db, expected, what) {
  const ids = Object.keys(expected);
  const got = await getAll(db, ids, what);
  for (const doc of got) {
    const want = expected[doc._id];
    if (doc._rev !== want.rev) fail(`${what}: ${doc._id} has rev ${doc._rev}, expected ${want.rev}`);
    if (want.status !== undefined && doc.status !== want.status) {
      fail(`${what}: ${doc._id} has status ${JSON.stringify(doc.status)}, expected ${JSON.stringify(want.status)}`);
    }
  }
}

const STATUSES = ['recorded', 'submitted', 'verified', 'case_opened', 'transferred', 'rectifying', 'closed'];
function nextStatus(s) {
  const i = STATUSES.indexOf(s);
  return STATUSES[(i + 1) % STATUSES.length]; // an unknown status becomes 'recorded'
}

const version = (pkg) => versionOf(__dirname, pkg);

// --- one repeat -----------------------------------------------------------------------------

async function oneRepeat(PouchDB, o, docs, r) {
  const N = docs.length;
  const C = o.changes;
  const t = {};

  // a fresh server database, loaded with bulkDocs (timed apart as "load")
  const remote = await freshRemote(PouchDB, `${o.serverUrl}/fieldcheck_findings_r${r}`);
  progress(`repeat ${r}: loading ${N} docs into the server (bulkDocs, ${LOAD_BATCH} per request)`);
  let t0 = now();
  for (let i = 0; i < N; i += LOAD_BATCH) {
    checkBulk('load', await remote.bulkDocs(docs.slice(i, i + LOAD_BATCH)));
  }
  t.load_ms = msSince(t0);
  const remoteCount = await docCount(remote);
  if (remoteCount !== N) fail(`load: the server holds ${remoteCount} docs, the file has ${N}`);

  // a fresh, empty local database on disk (leveldb)
  const localPath = path.join(o.workdir, `device_r${r}`);
  fs.rmSync(localPath, { recursive: true, force: true });
  const local = new PouchDB(localPath, { adapter: 'leveldb' });
  if ((await docCount(local)) !== 0) fail(`local database ${localPath} is not empty`);

  // a. initial pull
  progress(`repeat ${r}: initial pull`);
  t0 = now();
  let res = await PouchDB.replicate(remote, local);
  t.initial_pull_ms = msSince(t0);
  checkReplication('initial pull', res, { docs_written: N });
  const localCount = await docCount(local);
  if (localCount !== N) fail(`initial pull: the local database holds ${localCount} docs, the file has ${N}`);
  {
    const step = Math.max(1, Math.floor(N / SAMPLE_CHECKS));
    const ids = [];
    for (let i = 0; i < N && ids.length < SAMPLE_CHECKS; i += step) ids.push(i);
    const got = await getAll(local, ids.map((i) => docs[i]._id), 'initial pull');
    got.forEach((doc, k) => {
      if (canonical(withoutRev(doc)) !== canonical(docs[ids[k]])) fail(`initial pull: ${doc._id} differs from the file`);
    });
  }

  // The push direction has no checkpoint yet: the first local->remote replication walks the
  // whole local changes feed (revs_diff for every doc). Timed apart, so push_ms is the
  // incremental push of a device that has synced before.
  progress(`repeat ${r}: first push (establishes the push checkpoint)`);
  t0 = now();
  res = await PouchDB.replicate(local, remote);
  t.first_push_ms = msSince(t0);
  checkReplication('first push', res, { docs_written: 0 });

  // b. incremental pull: C docs changed on the server (one field, status), not timed
  const stride = Math.max(1, Math.floor(N / C));
  const serverIdx = [];
  for (let k = 0; k < C; k++) serverIdx.push((k * stride) % N);
  const serverIds = [...new Set(serverIdx.map((i) => docs[i]._id))];
  if (serverIds.length !== C) fail(`--changes ${C} is more than the ${N} docs in the file`);
  const changed = (await getAll(remote, serverIds, 'server changes')).map((d) => ({ ...d, status: nextStatus(d.status) }));
  const serverRes = checkBulk('server changes', await remote.bulkDocs(changed));
  const expectPull = expectedRevs(changed, serverRes, 'server changes');
  progress(`repeat ${r}: incremental pull of ${C} changes`);
  t0 = now();
  res = await PouchDB.replicate(remote, local);
  t.incremental_pull_ms = msSince(t0);
  checkReplication('incremental pull', res, { docs_written: C });
  await checkRevs(local, expectPull, 'incremental pull');

  // c. push: C local changes, ceil(C/2) new findings and floor(C/2) edited ones, not timed
  const created = Math.ceil(C / 2);
  const modified = C - created;
  const rand = mulberry32(0x5eed + r);
  const newDocs = [];
  for (let k = 0; k < created; k++) {
    const template = docs[(k * 7919) % N];
    newDocs.push({ ...withoutRev(template), _id: template.type + ':' + hexId(rand), status: 'recorded' });
  }
  const editIds = [];
  const editSet = new Set();
  for (let k = 0; editIds.length < modified && k < N + modified; k++) {
    const id = docs[(k * stride + (stride >> 1)) % N]._id;
    if (!editSet.has(id)) { editSet.add(id); editIds.push(id); }
  }
  const edits = (await getAll(local, editIds, 'local edits')).map((d) => ({ ...d, status: nextStatus(d.status) }));
  const pushDocs = newDocs.concat(edits);
  const localRes = checkBulk('local changes', await local.bulkDocs(pushDocs));
  const expectPush = expectedRevs(pushDocs, localRes, 'local changes');
  if (Object.keys(expectPush).length !== C) fail('local changes: duplicate ids among the pushed docs');
  progress(`repeat ${r}: push of ${C} local changes (${created} new, ${modified} edited)`);
  t0 = now();
  res = await PouchDB.replicate(local, remote);
  t.push_ms = msSince(t0);
  checkReplication('push', res, { docs_written: C });
  await checkRevs(remote, expectPush, 'push');
  const afterPush = await docCount(remote);
  if (afterPush !== N + created) fail(`push: the server holds ${afterPush} docs, expected ${N + created}`);

  // The first two-way sync after the push still reads the pushed docs back from the server's
  // changes feed (they are new there) and finds, with revs_diff, that it has them. Timed apart
  // as echo_sync_ms; the no-op sync is the one after it.
  progress(`repeat ${r}: two-way sync (echo of the push), then the no-op sync`);
  t0 = now();
  res = await PouchDB.sync(local, remote);
  t.echo_sync_ms = msSince(t0);
  checkReplication('echo sync (push)', res.push, { docs_written: 0 });
  checkReplication('echo sync (pull)', res.pull, { docs_written: 0 });

  // d. no-op sync: both directions, nothing changed anywhere
  t0 = now();
  res = await PouchDB.sync(local, remote);
  t.noop_sync_ms = msSince(t0);
  checkReplication('no-op sync (push)', res.push, { docs_written: 0, docs_read: 0 });
  checkReplication('no-op sync (pull)', res.pull, { docs_written: 0, docs_read: 0 });
  const finalLocal = await docCount(local);
  const finalRemote = await docCount(remote);
  if (finalLocal !== finalRemote || finalLocal !== N + created) {
    fail(`after sync: local holds ${finalLocal} docs, server ${finalRemote}, expected ${N + created}`);
  }

  t.local_dir_mib = dirMiB(localPath);
  await local.close();
  fs.rmSync(localPath, { recursive: true, force: true });
  await remote.destroy();
  t.created = created;
  t.modified = modified;
  return t;
}

// --- main -----------------------------------------------------------------------------------

async function main() {
  const o = args(process.argv.slice(2));
  const PouchDB = require('pouchdb');
  await checkServer(o.serverUrl);

  progress(`reading ${o.docs}`);
  const docs = await loadDocs(o.docs);
  if (o.changes > docs.length) fail(`--changes ${o.changes} is more than the ${docs.length} docs in ${o.docs}`);
  progress(`${docs.length} docs; ${o.changes} changes; ${o.repeats} repeat(s); server ${o.serverUrl}`);

  const runs = [];
  for (let r = 1; r <= o.repeats; r++) runs.push(await oneRepeat(PouchDB, o, docs, r));

  const metric = (k) => summary(runs.map((t) => t[k]), { samplesLast: true });
  const result = {
    tool: 'pouchdb',
    pouchdb_version: version('pouchdb'),
    pouchdb_server_version: version('pouchdb-server'),
    node_version: process.version,
    docs: docs.length,
    changes: o.changes,
    repeats: o.repeats,
    initial_pull_ms: metric('initial_pull_ms'),
    incremental_pull_ms: metric('incremental_pull_ms'),
    push_ms: metric('push_ms'),
    noop_sync_ms: metric('noop_sync_ms'),
    adapter: 'leveldb',
    server_url: o.serverUrl,
    // beyond the common fields: see README.md
    load_ms: metric('load_ms'),
    first_push_ms: metric('first_push_ms'),
    echo_sync_ms: metric('echo_sync_ms'),
    push_created: runs[0].created,
    push_modified: runs[0].modified,
    load_batch: LOAD_BATCH,
    replication_options: 'library defaults (batch_size 100, batches_limit 10, checkpoints on both sides)',
    server_pouchdb_core_version: version('pouchdb-core'),
    server_adapter: 'leveldb (pouchdb-adapter-leveldb ' + version('pouchdb-adapter-leveldb') +
      ', leveldown ' + version('pouchdb-adapter-leveldb/node_modules/leveldown') + ')',
    local_leveldown_version: version('leveldown'),
    local_dir_mib: runs.map((t) => t.local_dir_mib),
    bench_peak_rss_mib: ownPeakRssMiB(),
    server_peak_rss_mib: o.serverPid ? peakRssMiB(o.serverPid) : null,
  };
  fs.writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');

  const rows = [
    ['initial_pull_ms', 'a. initial pull, whole database'],
    ['incremental_pull_ms', `b. incremental pull, ${o.changes} server changes`],
    ['push_ms', `c. push, ${o.changes} local changes`],
    ['noop_sync_ms', 'd. no-op sync, both ways'],
    ['load_ms', '   (load server, bulkDocs)'],
    ['first_push_ms', '   (first push after the pull)'],
    ['echo_sync_ms', '   (sync after push, echo)'],
  ];
  const f = (x) => x.toFixed(1).padStart(10);
  const lines = [];
  lines.push(`PouchDB ${result.pouchdb_version} (leveldb) -> pouchdb-server ${result.pouchdb_server_version} ` +
    `at ${o.serverUrl}; node ${process.version}`);
  lines.push(`${docs.length} docs, ${o.changes} changes, ${o.repeats} repeat(s); ` +
    `push = ${result.push_created} new + ${result.push_modified} edited`);
  lines.push('                                          median ms     min ms     max ms  samples');
  for (const [k, label] of rows) {
    const s = result[k];
    lines.push(label.padEnd(40) + f(s.median) + f(s.min) + f(s.max) + '  ' + s.samples.map((x) => x.toFixed(0)).join(' '));
  }
  lines.push(`peak RSS: bench ${result.bench_peak_rss_mib} MiB, server ${result.server_peak_rss_mib ?? '?'} MiB; ` +
    `local leveldb ${result.local_dir_mib.join('/')} MiB`);
  lines.push(`result: ${o.out}`);
  process.stdout.write(lines.join('\n') + '\n');
}

runMain('bench.js', main);
