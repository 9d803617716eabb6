// Copies what the portal and its tests take from npm into the repository
// (run: npm --prefix portal/frontend ci && npm --prefix portal/frontend run vendor):
// - axe-core's browser build, injected by the browser tests (tests/vendor/axe-core/);
// - the outline of metropolitan France (Natural Earth 1:50m, public domain, through the
//   world-atlas package), reduced to its metropolitan polygons at 0.01° for the synthesis map.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const root = join(here, "..", "..");

const axe = join(root, "tests", "vendor", "axe-core");
rmSync(axe, { recursive: true, force: true });
mkdirSync(axe, { recursive: true });
for (const file of ["axe.min.js", "LICENSE"]) cpSync(join(modules, "axe-core", file), join(axe, file));

const METROPOLE = { west: -5.3, east: 9.7, south: 41.2, north: 51.2 };
const inMetropole = ([lon, lat]) =>
  lon >= METROPOLE.west && lon <= METROPOLE.east && lat >= METROPOLE.south && lat <= METROPOLE.north;
const round = (ring) => {
  const points = [];
  for (const [lon, lat] of ring) {
    const point = [Math.round(lon * 100) / 100, Math.round(lat * 100) / 100];
    const last = points[points.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) points.push(point);
  }
  return points;
};
const atlas = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-50m.json"), "utf8"));
const france = feature(atlas, atlas.objects.countries).features.find((f) => f.id === "250");
const polygons = france.geometry.coordinates
  .filter((polygon) => polygon[0].every(inMetropole))
  .map((polygon) => [round(polygon[0])])
  .filter((polygon) => polygon[0].length >= 4);
const outline = {
  type: "Feature",
  properties: {
    name: "France métropolitaine",
    source: "Natural Earth 1:50m Admin 0 – Countries, through the npm package world-atlas 2.0.2",
    licence: "Natural Earth: public domain; world-atlas: ISC",
  },
  geometry: { type: "MultiPolygon", coordinates: polygons },
};
const target = join(root, "portal", "synthesis", "data", "france-metropole.geojson");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify(outline) + "\n");
console.log(`axe-core -> ${axe}; ${polygons.length} polygons of metropolitan France -> ${target}`);
