// Copies Swagger UI's browser bundle into portal/apidoc/static/apidoc/vendor/swagger-ui/
// (run: npm --prefix portal/apidoc/frontend ci && npm --prefix portal/apidoc/frontend run vendor).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "swagger-ui-dist");
const vendor = join(here, "..", "static", "apidoc", "vendor", "swagger-ui");
const files = ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const file of files) cpSync(join(source, file), join(vendor, file));
// The stylesheet names a source map that is not copied: drop the reference (collectstatic would look for it).
const css = join(vendor, "swagger-ui.css");
writeFileSync(css, readFileSync(css, "utf8").replace(/\n?\/\*# sourceMappingURL=.*\*\/\s*$/, "\n"));
console.log(`Copied Swagger UI into ${vendor}`);
