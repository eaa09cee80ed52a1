'use strict';
// The seeded random numbers the PouchDB bench scripts share (test data only).

// mulberry32: small, fast, good enough for test data; 32-bit state from the seed.
function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 16 random bytes as 32 hex digits, like core's randomId().
function hexId(rand) {
  let s = '';
  for (let i = 0; i < 4; i++) s += (Math.floor(rand() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return s;
}

module.exports = { mulberry32, hexId };
