// Parses OPDS 1.x Atom feeds with Readium's r2-opds-js (the parser Thorium Reader uses) and prints each one as the
// OPDS 2.0 JSON it converts them to, one JSON document per line. A feed that does not parse prints {"error": ...}.
// Usage: node parse-opds.js FEED.xml...
"use strict";
require("reflect-metadata");
const fs = require("fs");
const { DOMParser } = require("@xmldom/xmldom");
const { XML } = require("r2-utils-js/dist/es8-es2017/src/_utils/xml-js-mapper");
const { OPDS } = require("r2-opds-js/dist/es8-es2017/src/opds/opds1/opds");
const { convertOpds1ToOpds2 } = require("r2-opds-js/dist/es8-es2017/src/opds/converter");
const { initGlobalConverters_OPDS, initGlobalConverters_GENERIC } = require("r2-opds-js/dist/es8-es2017/src/opds/init-globals");
const { TaJsonSerialize } = require("r2-lcp-js/dist/es8-es2017/src/serializable");

initGlobalConverters_OPDS();
initGlobalConverters_GENERIC();

for (const path of process.argv.slice(2)) {
    try {
        const errors = [];
        const doc = new DOMParser({ onError: (level, message) => { if (level !== "warning") errors.push(message); } })
            .parseFromString(fs.readFileSync(path, "utf8"), "application/xml");
        if (errors.length) throw new Error("XML: " + errors.join("; "));
        const opds1 = XML.deserialize(doc, OPDS);
        if (!opds1 || !opds1.Title) throw new Error("not an OPDS feed (no title)");
        const opds2 = convertOpds1ToOpds2(opds1);
        console.log(JSON.stringify({ file: path, feed: TaJsonSerialize(opds2) }));
    } catch (e) {
        console.log(JSON.stringify({ file: path, error: String(e && e.stack || e) }));
    }
}
