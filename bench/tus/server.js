#!/usr/bin/env node
// The server side of the tus photo-upload benchmark: a tus server (@tus/server) storing uploads in
// a directory (@tus/file-store), on 127.0.0.1 only. Normally started by run.sh; see README.md.
//
// usage: node server.js --dir STORAGE_DIR --port P
//
// Uploads go to /files/ (POST creates an upload, PATCH appends to it; the tus 1.0.0 protocol).
// Each upload is stored as STORAGE_DIR/<id>, its size and metadata in STORAGE_DIR/<id>.json.
// GET / answers with a small JSON that says this is our server (and its pid and versions), so
// that run.sh and bench.js can tell it from anything else on that port.
'use strict';

const http = require('http');
const path = require('path');
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');
const { isDir, versionOf } = require('../peers/common');

const HOST = '127.0.0.1';
const UPLOAD_PATH = '/files';

function fail(message) {
  process.stderr.write('server.js: error: ' + message + '\n');
  process.exit(1);
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const key = { '--dir': 'dir', '--port': 'port' }[argv[i]];
    if (!key) fail('unknown argument ' + JSON.stringify(argv[i]));
    if (i + 1 >= argv.length) fail(argv[i] + ' needs a value');
    o[key] = argv[++i];
  }
  if (o.dir === undefined) fail('missing --dir');
  if (o.port === undefined) fail('missing --port');
  if (!/^\d+$/.test(o.port) || Number(o.port) < 1 || Number(o.port) > 65535) fail('--port must be a port number');
  o.port = Number(o.port);
  o.dir = path.resolve(o.dir);
  if (!isDir(o.dir)) fail(`storage directory ${o.dir} does not exist`);
  return o;
}

const o = parseArgs(process.argv.slice(2));

// Library defaults everywhere except the storage directory: the default locker (in memory),
// random 32-hex-digit upload ids, no maximum size, no expiration, absolute Location URLs.
const tus = new Server({
  path: UPLOAD_PATH,
  datastore: new FileStore({ directory: o.dir }),
});

const identity = JSON.stringify({
  server: 'fieldcheck-bench-tus',
  pid: process.pid,
  tus_server_version: versionOf(__dirname, '@tus/server'),
  file_store_version: versionOf(__dirname, '@tus/file-store'),
  upload_path: UPLOAD_PATH,
  directory: o.dir,
});

// Our own http.Server (what tus.listen() would make), with one extra route: GET / -> identity.
const httpServer = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(identity) });
    res.end(identity);
    return;
  }
  tus.handle(req, res);
});
httpServer.on('error', (e) => fail(`cannot listen on ${HOST}:${o.port}: ${e.message}`));
httpServer.listen(o.port, HOST, () => {
  process.stdout.write(`tus server (pid ${process.pid}) listening on http://${HOST}:${o.port}${UPLOAD_PATH}/, storage ${o.dir}\n`);
});

// run.sh stops us with SIGTERM: stop accepting, close idle keep-alive connections, exit.
function stop() {
  httpServer.close(() => process.exit(0));
  httpServer.closeIdleConnections?.(); // Node >= 18.2
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
