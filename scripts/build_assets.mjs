// Copies GOV.UK Frontend's compiled CSS, JavaScript and assets (fonts, images) from node_modules into
// the Django static folder, so the service serves them itself (no CDN: a strict Content-Security-Policy
// allows only 'self').
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "src", "sendcase", "static", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The compiled CSS points at /assets/; the service serves static files under /static/govuk/.
const css = readFileSync(join(govuk, "govuk-frontend.min.css"), "utf8").replaceAll(
  "url(/assets/",
  "url(/static/govuk/assets/",
);
writeFileSync(join(out, "govuk-frontend.min.css"), css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "assets"), { recursive: true });

const vendor = join(root, "src", "sendcase", "static", "vendor");
mkdirSync(vendor, { recursive: true });
try {
  cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(vendor, "axe.min.js"));
} catch {
  // axe-core is a development dependency used only by the browser tests.
}
console.log(`GOV.UK Frontend assets copied to ${out}`);
