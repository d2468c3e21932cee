// structtree.mjs FILE.pdf — prints, as JSON, for each page the structure
// tree pdf.js reads (page.getStructTree(), what Firefox's accessibility
// layer exposes): whether there is one, and how many nodes of each role.
// PDFJS names the pdfjs-dist folder.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const lib = path.join(process.env.PDFJS, "legacy/build/pdf.mjs");
const pdfjs = await import(pathToFileURL(lib).href);
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tree = await page.getStructTree();
  const roles = {};
  const walk = (n) => {
    if (n.role) roles[n.role] = (roles[n.role] || 0) + 1;
    for (const c of n.children || []) walk(c);
  };
  if (tree) walk(tree);
  pages.push({ tree: tree !== null, roles });
}
console.log(JSON.stringify(pages));
