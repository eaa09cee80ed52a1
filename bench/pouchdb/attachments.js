#!/usr/bin/env node
// The PouchDB side of FieldCheck's photo-upload benchmark: the photos of a directory, each an
// attachment of its own document in a local PouchDB (leveldb), replicated to a fresh database on
// pouchdb-server. Normally started by run.sh --photos, which starts pouchdb-server on 127.0.0.1
// and passes --server-url; see README.md ("Photo attachments") for what is timed.
//
// usage: node attachments.js --photos DIR --repeats R --out RESULT.json
//                            --server-url http://127.0.0.1:P --workdir DIR [--server-pid PID]
'use strict';

const fs = require('fs');
const path = require('path');
const {
  fail, progress, runMain, parseArgs, positiveIntegers, loopbackOrigin, isDir, listPhotos, sha256,
  now, msSince, round3, summary, versionOf, peakRssMiB, ownPeakRssMiB, dirMiB,
} = require('../peers/common');
const { checkServer, freshRemote, checkReplication } = require('./remote');

const ATTACHMENT = 'photo.jpg';
const CONTENT_TYPE = 'image/jpeg';

// --- arguments ------------------------------------------------------------------------------

function args(argv) {
  const o = parseArgs(argv, {
    '--photos': 'photos', '--repeats': 'repeats', '--out': 'out',
    '--server-url': 'serverUrl', '--workdir': 'workdir', '--server-pid': 'serverPid',
  }, ['photos', 'repeats', 'out', 'serverUrl', 'workdir']);
  positiveIntegers(o, ['repeats']);
  o.serverUrl = loopbackOrigin(o.serverUrl);
  if (!isDir(o.workdir)) fail(`--workdir ${o.workdir} does not exist`);
  return o;
}

// --- helpers --------------------------------------------------------------------------------

const docId = (photo) => 'photo:' + photo.name;
const version = (pkg) => versionOf(__dirname, pkg);

// --- setup: the device's database -----------------------------------------------------------

// One doc per photo, {_id: "photo:<file name>", type: "photo", file, _attachments: {photo.jpg}},
// written one at a time (not timed), then checked: every attachment reads back with its hash.
async function loadLocal(local, photos) {
  for (const photo of photos) {
    const res = await local.put({
      _id: docId(photo),
      type: 'photo',
      file: photo.name,
      _attachments: { [ATTACHMENT]: { content_type: CONTENT_TYPE, data: fs.readFileSync(photo.file) } },
    });
    if (!res.ok) fail(`local: writing ${photo.name} failed: ${JSON.stringify(res)}`);
  }
  await checkPhotos(local, photos, 'local database');
}

// db holds exactly one doc per photo, and each attachment's bytes have the file's SHA-256.
async function checkPhotos(db, photos, what) {
  const count = (await db.info()).doc_count;
  if (count !== photos.length) fail(`${what}: ${count} docs, expected ${photos.length}`);
  for (const photo of photos) {
    let doc;
    try {
      doc = await db.get(docId(photo), { attachments: true, binary: true });
    } catch (e) {
      fail(`${what}: ${docId(photo)}: ${e.status === 404 ? 'missing' : e.message}`);
    }
    const att = doc._attachments && doc._attachments[ATTACHMENT];
    if (!att || !Buffer.isBuffer(att.data)) fail(`${what}: ${docId(photo)} has no attachment ${ATTACHMENT}`);
    if (att.content_type !== CONTENT_TYPE) fail(`${what}: ${docId(photo)}: content_type ${att.content_type}`);
    if (att.data.length !== photo.size) fail(`${what}: ${docId(photo)}: attachment of ${att.data.length} bytes, the file has ${photo.size}`);
    if (sha256(att.data) !== photo.sha256) fail(`${what}: ${docId(photo)}: the attachment's SHA-256 differs from ${photo.file}`);
  }
}

// --- one repeat -----------------------------------------------------------------------------

async function oneRepeat(PouchDB, o, local, photos, r) {
  // a fresh server database, under a name of its own (so the replication has no checkpoint)
  const remoteUrl = `${o.serverUrl}/fieldcheck_photos_r${r}`;
  const remote = await freshRemote(PouchDB, remoteUrl);

  // timed: one-shot replication local -> remote, library defaults
  progress(`repeat ${r}: replicating ${photos.length} photo docs to ${remoteUrl}`);
  const t0 = now();
  const res = await PouchDB.replicate(local, remote);
  const ms = msSince(t0);

  // not timed: what the replication says, then every attachment as the server has it
  checkReplication(`repeat ${r}`, res, { docs_written: photos.length });
  progress(`repeat ${r}: ${ms.toFixed(0)} ms; checking the ${photos.length} attachments on the server`);
  await checkPhotos(remote, photos, `repeat ${r}: server database`);
  // Not timed: the server database goes, so that the server's disk holds one copy at a time.
  await remote.destroy();
  return ms;
}

// --- main -----------------------------------------------------------------------------------

async function main() {
  const o = args(process.argv.slice(2));
  const PouchDB = require('pouchdb');
  await checkServer(o.serverUrl);

  progress(`reading ${o.photos}`);
  const photos = listPhotos(o.photos);
  const bytes = photos.reduce((n, p) => n + p.size, 0);

  // setup, not timed: the device's database, on disk
  const localPath = path.join(o.workdir, 'photos_device');
  fs.rmSync(localPath, { recursive: true, force: true });
  const local = new PouchDB(localPath, { adapter: 'leveldb' });
  progress(`${photos.length} files, ${bytes} bytes; loading them as attachments into ${localPath}`);
  let t0 = now();
  await loadLocal(local, photos);
  const setupMs = msSince(t0);
  progress(`local database loaded and checked in ${setupMs.toFixed(0)} ms; ${o.repeats} repeat(s); server ${o.serverUrl}`);

  const samples = [];
  for (let r = 1; r <= o.repeats; r++) samples.push(await oneRepeat(PouchDB, o, local, photos, r));

  const localMiB = dirMiB(localPath);
  await local.close();

  const result = {
    peer: 'pouchdb',
    pouchdb_version: version('pouchdb'),
    pouchdb_server_version: version('pouchdb-server'),
    node_version: process.version,
    files: photos.length,
    bytes,
    upload_ms: summary(samples),
    // beyond the common fields: see README.md
    repeats: o.repeats,
    attachment: { name: ATTACHMENT, content_type: CONTENT_TYPE, one_doc_per_photo: true },
    replication_options: 'library defaults (batch_size 100, batches_limit 10, checkpoints on both sides)',
    adapter: 'leveldb',
    server_url: o.serverUrl,
    server_pouchdb_core_version: version('pouchdb-core'),
    local_leveldown_version: version('leveldown'),
    setup_ms: round3(setupMs),
    local_dir_mib: localMiB,
    bench_peak_rss_mib: ownPeakRssMiB(),
    server_peak_rss_mib: o.serverPid ? peakRssMiB(o.serverPid) : null,
  };
  fs.writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');

  const s = result.upload_ms;
  const mibps = (bytes / 1048576) / (s.median / 1000);
  process.stdout.write(`pouchdb: ${photos.length} files, ${(bytes / 1048576).toFixed(1)} MiB as attachments: ` +
    `median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}; ${mibps.toFixed(1)} MiB/s) ` +
    `over ${o.repeats} repeat(s); PouchDB ${result.pouchdb_version} (leveldb) -> pouchdb-server ` +
    `${result.pouchdb_server_version}, node ${process.version}; peak RSS bench ${result.bench_peak_rss_mib} MiB, ` +
    `server ${result.server_peak_rss_mib ?? '?'} MiB; result: ${o.out}\n`);
}

runMain('attachments.js', main);
