'use strict';
// pouchdb-server as bench.js and attachments.js both use it: the check that it is pouchdb-server,
// a fresh database on it, the check of what a replication reports.

const { fail } = require('../peers/common');

// The server at url (an origin on 127.0.0.1) must be pouchdb-server.
async function checkServer(url) {
  const welcome = await (await fetch(url + '/')).json();
  if (welcome['express-pouchdb'] !== 'Welcome!') fail(`${url} is not pouchdb-server: ${JSON.stringify(welcome)}`);
}

// A fresh, empty server database at url: an earlier one of that name is destroyed first.
async function freshRemote(PouchDB, url) {
  {
    const old = new PouchDB(url, { skip_setup: true });
    try { await old.destroy(); } catch (e) { if (e.status !== 404) throw e; }
  }
  const remote = new PouchDB(url);
  if ((await remote.info()).doc_count !== 0) fail(`server database ${url} is not empty`);
  return remote;
}

// result: what PouchDB.replicate() resolved with; expect: {docs_written, docs_read}, either
// optional.
function checkReplication(what, result, expect) {
  if (!result || result.ok !== true) fail(`${what}: replication did not report ok: ${JSON.stringify(result)}`);
  if (result.doc_write_failures) fail(`${what}: ${result.doc_write_failures} document write failure(s): ${JSON.stringify(result.errors)}`);
  if (expect.docs_written !== undefined && result.docs_written !== expect.docs_written) {
    fail(`${what}: ${result.docs_written} docs written, expected ${expect.docs_written}`);
  }
  if (expect.docs_read !== undefined && result.docs_read !== expect.docs_read) {
    fail(`${what}: ${result.docs_read} docs read, expected ${expect.docs_read}`);
  }
}

module.exports = { checkServer, freshRemote, checkReplication };
