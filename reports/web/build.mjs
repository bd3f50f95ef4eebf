// Builds the report shell (docs/reports.md, "Building the page"): one HTML file with style.css,
// the vendor UMD builds (Mermaid, Vega, Vega-Lite, Vega-Embed) and app.js inlined, and the data
// element whose marker the C++ writer replaces with the report model. Plain Node, no bundler.
//
// Usage: node build.mjs --modules NODE_MODULES_DIR --out report_shell.html
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const VENDOR = [
  'mermaid/dist/mermaid.min.js',
  'vega/build/vega.min.js',
  'vega-lite/build/vega-lite.min.js',
  'vega-embed/build/vega-embed.min.js',
];
// The data marker, spelt in two halves so that this file's text never holds it whole.
const DATA_MARKER = '/*IFA026_REPORT' + '_DATA*/';

function argument(name) {
  const at = process.argv.indexOf(name);
  if (at < 0 || at + 1 >= process.argv.length) {
    console.error(`build.mjs: missing ${name} (usage: node build.mjs --modules DIR --out FILE)`);
    process.exit(2);
  }
  return process.argv[at + 1];
}

// Script text safe inside <script>: "</script" is written "<\/script" (the same in strings,
// regular expressions and comments), so it cannot close the element early. "<!--" followed by
// "<script" would put the HTML parser in its double-escaped state, where "</script>" no longer
// closes; no vendor build has both, and the build stops if one ever does.
function scriptSafe(text, name) {
  const out = text.replace(/<\/(script)/gi, '<\\/$1');
  if (/<!--/.test(out) && /<script/i.test(out)) {
    throw new Error(`${name}: holds both "<!--" and "<script"; inlining it could break the page`);
  }
  return out;
}

function replaceOnce(text, placeholder, value) {
  const parts = text.split(placeholder);
  if (parts.length !== 2) throw new Error(`template: "${placeholder}" must occur exactly once`);
  return parts[0] + value + parts[1];
}

function build(modules, out) {
  let html = readFileSync(join(here, 'src', 'index.html'), 'utf8');
  const style = readFileSync(join(here, 'src', 'style.css'), 'utf8').replace(/<\/(style)/gi, '<\\/$1');
  const app = readFileSync(join(here, 'src', 'app.js'), 'utf8');
  const vendor = VENDOR.map((path) => {
    const text = readFileSync(join(modules, path), 'utf8');
    return `<script data-vendor="${path.split('/')[0]}">\n${scriptSafe(text, path)}\n</script>`;
  }).join('\n');
  html = replaceOnce(html, '/*@style.css*/', style);
  html = replaceOnce(html, '/*@app.js*/', scriptSafe(app, 'app.js'));
  html = replaceOnce(html, '<!--@vendor-->', vendor);
  const markers = html.split(DATA_MARKER).length - 1;
  if (markers !== 1) throw new Error(`the shell holds the data marker ${markers} times, not once`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, html);
  renameSync(`${out}.tmp`, out);
  console.log(`build.mjs: ${out} (${(html.length / 1e6).toFixed(2)} MB)`);
}

try {
  build(argument('--modules'), argument('--out'));
} catch (error) {
  console.error(`build.mjs: ${error.message}`);
  process.exit(1);
}
