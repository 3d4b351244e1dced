#!/usr/bin/env node
// Prints the first-name lists of the npm package gender-detection-from-name as TSV lines
// "lang<TAB>name<TAB>male|female". The package stores each language as `new Map([[name, gender], ...])`,
// where a name listed with both genders keeps only the last one; to keep both, the lists are loaded
// with a stand-in Map constructor that records every pair.
// usage: node dump_names.js NODE_MODULES_DIR
'use strict';
const path = require('path');
const fs = require('fs');

const dir = path.join(process.argv[2] || 'node_modules', 'gender-detection-from-name', 'names');
const RealMap = global.Map;
const out = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  const lang = path.basename(file, '.js');
  let pairs = null;
  global.Map = function RecordingMap(entries) {
    pairs = Array.from(entries || []);
    return new RealMap(pairs);
  };
  try {
    require(path.resolve(dir, file));
  } finally {
    global.Map = RealMap;
  }
  for (const [name, gender] of pairs || []) {
    if (typeof name === 'string' && (gender === 'male' || gender === 'female')) {
      out.push(`${lang}\t${name}\t${gender}`);
    }
  }
}
process.stdout.write(out.join('\n') + '\n');
