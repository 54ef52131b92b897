// Prints a JSON-LD file's triples as N-Quads with the npm `jsonld` library (JSON-LD 1.1), never fetching anything.
// usage: node tests/tools/jsonld_to_rdf.js PATH/TO/node_modules/jsonld FILE.jsonld
const jsonld = require(process.argv[2]);
const fs = require('fs');

const document = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const offline = async (url) => { throw new Error(`refusing to load ${url}: the export must be self-contained`); };
// safe mode: anything that would be dropped silently (an undefined term, a bad IRI) is an error instead.
jsonld.toRDF(document, {format: 'application/n-quads', documentLoader: offline, safe: true})
  .then((nquads) => process.stdout.write(nquads))
  .catch((error) => {
    console.error(error.message || String(error));
    if (error.details) console.error(JSON.stringify(error.details).slice(0, 2000));
    process.exit(1);
  });
