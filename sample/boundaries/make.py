"""Writes the sample's tract boundary files: a Census-style zipped Shapefile
and GeoJSON, with one cell per sample tract around its centroid.

No Census boundary file is reachable where HPI Studio is built, so these are
generated in the Bureau's formats from the sample's own centroids
(../tracts.csv): each tract's cell is its Voronoi cell among its CBSA's tracts
(clipped to the CBSA's box), written by pyshp — an independent Shapefile
writer — and by the json module. To exercise what real files hold, tract
48441000100 has a hole (a lake) and 48253000100 a second polygon (an island);
two features are tracts the project does not have, and the last three tracts
of CBSA 11100 have no feature.

    pip install pyshp==3.1.9 && python sample/boundaries/make.py
"""

import csv
import json
import math
import os
import zipfile

import shapefile  # pyshp

HERE = os.path.dirname(os.path.abspath(__file__))
NAD83 = (
    'GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137,298.257222101]],'
    'PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]'
)


def clip(poly, a, b, c):
    """The part of `poly` where a*x + b*y <= c (Sutherland–Hodgman)."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0) != (fq < 0) and fp != fq:
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def cells(points):
    """Voronoi cells of (id, lon, lat) in a plane with longitude scaled by cos(latitude)."""
    lat0 = sum(p[2] for p in points) / len(points)
    k = math.cos(math.radians(lat0))
    xs = [p[1] * k for p in points]
    ys = [p[2] for p in points]
    pad = 0.05
    box = [(min(xs) - pad, min(ys) - pad), (max(xs) + pad, min(ys) - pad), (max(xs) + pad, max(ys) + pad), (min(xs) - pad, max(ys) + pad)]
    out = {}
    for i, (tract, _, _) in enumerate(points):
        poly = box
        for j in range(len(points)):
            if i == j:
                continue
            # Closer to i than to j: (pj - pi) . x <= (|pj|^2 - |pi|^2) / 2
            a, b = xs[j] - xs[i], ys[j] - ys[i]
            c = (xs[j] ** 2 + ys[j] ** 2 - xs[i] ** 2 - ys[i] ** 2) / 2
            poly = clip(poly, a, b, c)
        out[tract] = [(round(x / k, 6), round(y, 6)) for x, y in poly]
    return out


def square(lon, lat, r):
    return [(lon - r, lat - r), (lon + r, lat - r), (lon + r, lat + r), (lon - r, lat + r)]


def closed(ring, ccw):
    area = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(ring, ring[1:] + ring[:1]))
    if (area > 0) != ccw:
        ring = ring[::-1]
    return [list(p) for p in ring + ring[:1]]


def main():
    with open(os.path.join(HERE, "..", "tracts.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    by_cbsa = {}
    for r in rows:
        by_cbsa.setdefault(r["cbsa"], []).append((r["tract"], float(r["lon"]), float(r["lat"])))
    features = []  # (geoid, [polygon: [outer, holes...]])
    for cbsa, points in sorted(by_cbsa.items()):
        cell = cells(points)
        keep = points[:-3] if cbsa == "11100" else points
        for tract, lon, lat in keep:
            polygons = [[cell[tract]]]
            if tract == "48441000100":
                polygons[0].append(square(lon + 0.004, lat + 0.004, 0.002))
            if tract == "48253000100":
                polygons.append([square(lon - 0.3, lat - 0.3, 0.01)])
            features.append((tract, polygons))
    first = rows[0]
    for k, geoid in enumerate(["48441999998", "48441999999"]):
        features.append((geoid, [[square(float(first["lon"]) + 1 + k, float(first["lat"]) + 1, 0.02)]]))

    stem = "cb_sample_tract_500k"
    w = shapefile.Writer(os.path.join(HERE, stem), shapeType=shapefile.POLYGON)
    w.field("STATEFP", "C", 2)
    w.field("GEOID", "C", 11)
    w.field("NAME", "C", 100)
    w.field("ALAND", "N", 14)
    for geoid, polygons in features:
        # Shapefiles: outer rings clockwise, holes counterclockwise.
        rings = [closed(r, ccw=(i > 0)) for poly in polygons for i, r in enumerate(poly)]
        w.poly(rings)
        w.record(geoid[:2], geoid, f"Census Tract {int(geoid[5:]) / 100:g}", 1000000)
    w.close()
    with open(os.path.join(HERE, stem + ".prj"), "w") as f:
        f.write(NAD83)
    with zipfile.ZipFile(os.path.join(HERE, stem + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for ext in ("shp", "shx", "dbf", "prj"):
            path = os.path.join(HERE, f"{stem}.{ext}")
            z.write(path, f"{stem}.{ext}")
            os.remove(path)

    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"AFFGEOID": "1400000US" + geoid, "GEOID": geoid, "NAME": geoid[5:]},
                "geometry": (
                    {"type": "Polygon", "coordinates": [closed(r, ccw=(i == 0)) for i, r in enumerate(polygons[0])]}
                    if len(polygons) == 1
                    else {
                        "type": "MultiPolygon",
                        "coordinates": [[closed(r, ccw=(i == 0)) for i, r in enumerate(p)] for p in polygons],
                    }
                ),
            }
            for geoid, polygons in features
        ],
    }
    with open(os.path.join(HERE, "tracts.geojson"), "w") as f:
        json.dump(collection, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
