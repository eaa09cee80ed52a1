#!/usr/bin/env node
// The tus side of FieldCheck's photo-upload benchmark: uploads every file of a directory, one
// after another, with tus-js-client to our tus server (server.js) and times each whole round.
// Normally started by run.sh, which starts the server and passes --server-url and --storage;
// see README.md for what is timed and what is checked.
//
// usage: node bench.js --photos DIR --repeats R --out RESULT.json
//                      --server-url http://127.0.0.1:P --storage STORAGE_DIR [--chunk BYTES]
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const tus = require('tus-js-client');
const {
  BenchError, fail, progress, runMain, parseArgs, positiveIntegers, loopbackOrigin, isDir, listPhotos,
  sha256File, now, msSince, summary, versionOf,
} = require('../peers/common');

const UPLOAD_PATH = '/files/';

// HTTP keep-alive, as our device's libcurl does, and as Node >= 19's default agent does anyway:
// stated here so that Node 18 (whose default agent opens a connection per request) does the same.
const HTTP_STACK = new tus.DefaultHttpStack({ agent: new http.Agent({ keepAlive: true }) });

// --- arguments ------------------------------------------------------------------------------

function args(argv) {
  const o = parseArgs(argv, {
    '--photos': 'photos', '--repeats': 'repeats', '--out': 'out', '--server-url': 'serverUrl',
    '--storage': 'storage', '--chunk': 'chunk',
  }, ['photos', 'repeats', 'out', 'serverUrl', 'storage']);
  positiveIntegers(o, ['repeats', 'chunk']);
  o.chunk = o.chunk ?? null; // null: tus-js-client's default chunkSize (Infinity, one PATCH per file)
  o.serverUrl = loopbackOrigin(o.serverUrl);
  if (!isDir(o.storage)) fail(`storage directory ${o.storage} does not exist`);
  return o;
}

// --- helpers --------------------------------------------------------------------------------

// GET url -> parsed JSON (node's http, not fetch: fetch warns that it is experimental on Node 18).
function getJson(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (e) { reject(new BenchError(`${url}: not JSON`)); }
      });
    }).on('error', reject);
  });
}

// Uploads one Buffer with tus-js-client; resolves with the upload URL. Library defaults but for
// chunkSize (when --chunk is given), the metadata and the keep-alive agent. Counts each HTTP request by method in
// `requests`, so that a retry (which would put tus-js-client's retry delays into the timing)
// is noticed.
function upload(o, photo, data, requests) {
  return new Promise((resolve, reject) => {
    const options = {
      endpoint: o.serverUrl + UPLOAD_PATH,
      httpStack: HTTP_STACK,
      metadata: { filename: photo.name, filetype: 'image/jpeg' },
      onBeforeRequest: (req) => { const m = req.getMethod(); requests[m] = (requests[m] || 0) + 1; },
      onError: (e) => reject(new BenchError(`upload of ${photo.name} failed: ${e.message}`)),
      onSuccess: () => resolve(up.url),
    };
    if (o.chunk !== null) options.chunkSize = o.chunk;
    const up = new tus.Upload(data, options);
    up.start();
  });
}

// --- one repeat -----------------------------------------------------------------------------

async function oneRepeat(o, photos, r) {
  const requests = {};
  const urls = [];
  progress(`repeat ${r}: uploading ${photos.length} files one after another`);
  // timed: for each file, read it (a Buffer) and upload it; the next starts when one is done
  const t0 = now();
  for (const photo of photos) {
    const data = await fs.promises.readFile(photo.file);
    urls.push(await upload(o, photo, data, requests));
  }
  const ms = msSince(t0);

  // not timed: the request counts, then every upload as the server stored it
  const patchesPerFile = (p) => (o.chunk === null || p.size === 0 ? 1 : Math.ceil(p.size / o.chunk));
  const expect = { POST: photos.length, PATCH: photos.reduce((n, p) => n + patchesPerFile(p), 0) };
  const got = { POST: requests.POST || 0, PATCH: requests.PATCH || 0 };
  const other = Object.keys(requests).filter((m) => !(m in expect));
  if (got.POST !== expect.POST || got.PATCH !== expect.PATCH || other.length) {
    fail(`repeat ${r}: tus-js-client sent ${JSON.stringify(requests)}, expected ${JSON.stringify(expect)} ` +
      '(a retry or resume happened: the timing would include its delays)');
  }
  progress(`repeat ${r}: ${ms.toFixed(0)} ms; checking the ${photos.length} stored uploads`);
  const ids = new Set();
  photos.forEach((photo, k) => {
    const u = new URL(urls[k]);
    const id = u.pathname.startsWith(UPLOAD_PATH) ? u.pathname.slice(UPLOAD_PATH.length) : '';
    if (u.origin !== o.serverUrl || !/^[0-9a-f]{32}$/.test(id)) fail(`repeat ${r}: unexpected upload URL ${urls[k]} for ${photo.name}`);
    if (ids.has(id)) fail(`repeat ${r}: upload id ${id} given twice`);
    ids.add(id);
    const stored = path.join(o.storage, id);
    const st = fs.statSync(stored, { throwIfNoEntry: false });
    if (!st || !st.isFile()) fail(`repeat ${r}: ${photo.name}: the server has no file ${stored}`);
    if (st.size !== photo.size) fail(`repeat ${r}: ${photo.name}: the server stored ${st.size} bytes, the file has ${photo.size}`);
    if (sha256File(stored) !== photo.sha256) fail(`repeat ${r}: ${photo.name}: the server's copy ${stored} has a different SHA-256`);
    let info;
    try { info = JSON.parse(fs.readFileSync(stored + '.json', 'utf8')); } catch (e) { fail(`repeat ${r}: ${photo.name}: ${stored}.json: ${e.message}`); }
    if (info.size !== photo.size) fail(`repeat ${r}: ${photo.name}: the server's upload length is ${info.size}, the file has ${photo.size}`);
    if (!info.metadata || info.metadata.filename !== photo.name) fail(`repeat ${r}: ${photo.name}: the server's metadata names ${JSON.stringify(info.metadata)}`);
  });
  // Not timed: remove this repeat's uploads, so that each repeat starts with an empty storage
  // directory (the file store keeps no state in memory: the files are all there is).
  for (const id of ids) {
    fs.rmSync(path.join(o.storage, id));
    fs.rmSync(path.join(o.storage, id + '.json'));
  }
  const left = fs.readdirSync(o.storage);
  if (left.length) fail(`repeat ${r}: the storage directory holds unexpected files: ${left.slice(0, 5).join(', ')}`);
  return ms;
}

// --- main -----------------------------------------------------------------------------------

async function main() {
  const o = args(process.argv.slice(2));

  // the server must be ours (server.js), answering on loopback, storing into --storage
  const who = await getJson(o.serverUrl + '/');
  if (who.server !== 'fieldcheck-bench-tus') fail(`${o.serverUrl} is not our tus server (server.js): ${JSON.stringify(who)}`);
  if (path.resolve(who.directory) !== path.resolve(o.storage)) fail(`the server stores into ${who.directory}, not into --storage ${o.storage}`);

  progress(`reading ${o.photos}`);
  const photos = listPhotos(o.photos);
  const bytes = photos.reduce((n, p) => n + p.size, 0);
  progress(`${photos.length} files, ${bytes} bytes; ${o.repeats} repeat(s); ` +
    `chunk ${o.chunk === null ? 'none (one PATCH per file)' : o.chunk + ' bytes'}; server ${o.serverUrl}`);
  const left = fs.readdirSync(o.storage);
  if (left.length) fail(`the storage directory ${o.storage} is not empty`);

  const samples = [];
  for (let r = 1; r <= o.repeats; r++) samples.push(await oneRepeat(o, photos, r));

  const result = {
    peer: 'tus',
    tus_server_version: who.tus_server_version,
    file_store_version: who.file_store_version,
    tus_js_client_version: versionOf(__dirname, 'tus-js-client'),
    node_version: process.version,
    files: photos.length,
    bytes,
    chunk_bytes: o.chunk,
    http_keep_alive: true,
    upload_ms: summary(samples),
  };
  fs.writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');

  const s = result.upload_ms;
  const mibps = (bytes / 1048576) / (s.median / 1000);
  process.stdout.write(`tus: ${photos.length} files, ${(bytes / 1048576).toFixed(1)} MiB, ` +
    `chunk ${o.chunk === null ? 'none' : o.chunk}: median ${s.median.toFixed(1)} ms ` +
    `(min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}; ${mibps.toFixed(1)} MiB/s) over ${o.repeats} repeat(s); ` +
    `@tus/server ${result.tus_server_version}, tus-js-client ${result.tus_js_client_version}, node ${process.version}; ` +
    `result: ${o.out}\n`);
}

runMain('bench.js', main);
