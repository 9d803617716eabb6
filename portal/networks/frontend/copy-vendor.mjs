// Copies the bundle of DSFR Chart (all components, Vue runtime included) into
// portal/networks/static/networks/vendor/dsfr-chart/
// (run: npm --prefix portal/networks/frontend ci && npm --prefix portal/networks/frontend run vendor).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "@gouvfr", "dsfr-chart");
const vendor = join(here, "..", "static", "networks", "vendor", "dsfr-chart");
const files = ["dist/DSFRChart/DSFRChart.js", "dist/DSFRChart/DSFRChart.css", "LICENSE"];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const path of files) {
  cpSync(join(source, path), join(vendor, path.split("/").pop()));
}
console.log(`Copied DSFR Chart into ${vendor}`);
