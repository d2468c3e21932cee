// structtree.mjs FILE.pdf — prints, as JSON, for each page what pdf.js
// reads of its tags (page.getStructTree(), what Firefox's accessibility
// layer exposes, and the marked content of getTextContent): whether
// there is a tree, how many nodes of each role, the text the tree
// reaches in its order, the text marked as artifacts, the text in no
// marked content, and the text of each table cell (TH, TD) in tree order.
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
  const content = await page.getTextContent({ includeMarkedContent: true });
  // The text of each marked-content sequence with an MCID, by its id.
  const byId = new Map();
  let artifact = "", untagged = "";
  const stack = [];
  for (const item of content.items) {
    switch (item.type) {
      case "beginMarkedContent":
      case "beginMarkedContentProps":
        stack.push(item);
        continue;
      case "endMarkedContent":
        stack.pop();
        continue;
    }
    if (item.str === undefined) continue;
    if (stack.some((m) => m.tag === "Artifact")) {
      artifact += item.str;
      continue;
    }
    const mc = stack.findLast((m) => m.id);
    if (!mc) {
      untagged += item.str;
      continue;
    }
    byId.set(mc.id, (byId.get(mc.id) || "") + item.str);
  }
  const roles = {};
  const cells = [];
  let tagged = "";
  let reached = 0;
  const walk = (n) => {
    if (n.type === "content") {
      const s = byId.get(n.id);
      if (s !== undefined) {
        reached++;
        tagged += s;
        return s;
      }
      return "";
    }
    if (n.role) roles[n.role] = (roles[n.role] || 0) + 1;
    let s = "";
    for (const c of n.children || []) s += walk(c);
    if (n.role === "TD" || n.role === "TH") cells.push(n.role + "|" + s);
    return s;
  };
  if (tree) walk(tree);
  pages.push({ tree: tree !== null, roles, tagged, artifact, untagged, cells, marked: byId.size, reached });
  page.cleanup();
}
console.log(JSON.stringify(pages));
