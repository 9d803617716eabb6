// Copies the dist files of Leaflet and Leaflet.markercluster into
// geo/static/geo/vendor/ (run: npm --prefix geo/frontend ci && npm --prefix geo/frontend run vendor).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const vendor = join(here, "..", "static", "geo", "vendor");

const files = {
  // The source maps are copied because the minified files name them and
  // Django's manifest storage resolves that reference at collectstatic.
  leaflet: ["dist/leaflet.js", "dist/leaflet.js.map", "dist/leaflet.css", "dist/images", "LICENSE"],
  "leaflet.markercluster": [
    "dist/leaflet.markercluster.js",
    "dist/leaflet.markercluster.js.map",
    "dist/MarkerCluster.css",
    "dist/MarkerCluster.Default.css",
    "MIT-LICENCE.txt",
  ],
};

rmSync(vendor, { recursive: true, force: true });
for (const [pkg, paths] of Object.entries(files)) {
  for (const path of paths) {
    const target = join(vendor, pkg, path.replace(/^dist\//, ""));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(modules, pkg, path), target, { recursive: true });
  }
}
console.log(`Copied Leaflet files into ${vendor}`);
