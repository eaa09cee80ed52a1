'use strict';
// What the Node.js benchmark peers' scripts share (bench/pouchdb: bench.js, attachments.js;
// bench/tus: bench.js, server.js): arguments, the photos directory, timing and the summary of
// samples, package versions, memory and directory sizes, failing and progress. Node's own modules
// only: each peer has its own node_modules, and this file is in neither of them. See README.md.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

// A failure the script explains: main() prints its message alone, without a stack.
class BenchError extends Error {}
function fail(message) { throw new BenchError(message); }
function progress(message) { process.stderr.write('  … ' + message + '\n'); }

// Runs the async main(); on failure prints "NAME: error: ..." (a stack for anything but a
// BenchError) and exits 1.
function runMain(name, main) {
  main().catch((e) => {
    process.stderr.write(name + ': error: ' + (e instanceof BenchError ? e.message : (e && e.stack) || String(e)) + '\n');
    process.exit(1);
  });
}

// --- arguments ------------------------------------------------------------------------------

// known: {'--server-url': 'serverUrl', ...}, every option with a value; required: keys that must
// be given. Returns {key: string}.
function parseArgs(argv, known, required) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const key = known[argv[i]];
    if (!key) fail('unknown argument ' + JSON.stringify(argv[i]));
    if (i + 1 >= argv.length) fail(argv[i] + ' needs a value');
    o[key] = argv[++i];
  }
  for (const k of required) {
    if (o[k] === undefined) fail('missing --' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
  }
  return o;
}

// o[k] (when given) as a Number, for each of keys; each must be a positive integer.
function positiveIntegers(o, keys) {
  for (const k of keys) {
    if (o[k] === undefined) continue;
    if (!/^\d+$/.test(o[k]) || Number(o[k]) < 1 || !Number.isSafeInteger(Number(o[k]))) {
      fail('--' + k + ' must be a positive integer');
    }
    o[k] = Number(o[k]);
  }
}

// --server-url: the origin of an http URL on 127.0.0.1 (the servers run on loopback only)
function loopbackOrigin(url) {
  const u = new URL(url);
  if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1') fail('--server-url must be http://127.0.0.1:PORT');
  return u.origin;
}

function isDir(p) { return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true; }

// --- the photos -----------------------------------------------------------------------------

// Every entry of dir, sorted by name, each a regular file (anything else is an error). Returns
// [{name, file, size, sha256}]; the SHA-256 is computed here, before any timing.
function listPhotos(dir) {
  if (!isDir(dir)) fail(`photos directory ${dir} does not exist or is not a directory`);
  const names = fs.readdirSync(dir).sort();
  if (names.length === 0) fail(`photos directory ${dir} is empty`);
  return names.map((name) => {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) fail(`${file} is not a regular file (the photos directory must hold only the photo files)`);
    const data = fs.readFileSync(file);
    return { name, file, size: data.length, sha256: sha256(data) };
  });
}

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const sha256File = (file) => sha256(fs.readFileSync(file));

// --- timing and the summary -----------------------------------------------------------------

const now = () => process.hrtime.bigint();
const msSince = (t0) => Number(now() - t0) / 1e6;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round3 = (x) => Math.round(x * 1000) / 1000;

// {samples, median, min, max} of samples in ms, to the µs. samplesLast: {median, min, max,
// samples}, the order of pouchdb/bench.js's results (the photo results have samples first).
function summary(samples, { samplesLast = false } = {}) {
  const stats = { median: round3(median(samples)), min: round3(Math.min(...samples)), max: round3(Math.max(...samples)) };
  const rounded = samples.map(round3);
  return samplesLast ? { ...stats, samples: rounded } : { samples: rounded, ...stats };
}

// --- the processes and their files ----------------------------------------------------------

// The version of a package in dir/node_modules (each peer has its own).
function versionOf(dir, pkg) {
  return require(path.join(dir, 'node_modules', pkg, 'package.json')).version;
}

// Peak resident memory of a process (VmHWM), in MiB; null when it cannot be read.
function peakRssMiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch (e) {
    return null;
  }
}

// Peak resident memory of this process, in MiB.
const ownPeakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function dirBytes(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return n;
}
// What the files below dir hold, in MiB, to 0.1 MiB.
const dirMiB = (dir) => Math.round(dirBytes(dir) / 1048576 * 10) / 10;

module.exports = {
  BenchError, fail, progress, runMain,
  parseArgs, positiveIntegers, loopbackOrigin, isDir,
  listPhotos, sha256, sha256File,
  now, msSince, median, round3, summary,
  versionOf, peakRssMiB, ownPeakRssMiB, dirMiB,
};
