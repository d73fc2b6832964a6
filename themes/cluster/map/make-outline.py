# Converts Natural Earth land (world-atlas land-50m.json TopoJSON) to a
# clipped, simplified lon/lat outline of Europe and its neighbours.
import json, sys
topo = json.load(open(sys.argv[1]))
sx, sy = topo["transform"]["scale"]; tx, ty = topo["transform"]["translate"]
arcs = []
for arc in topo["arcs"]:
    x = y = 0; pts = []
    for dx, dy in arc:
        x += dx; y += dy
        pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)
def ring(idx):
    out = []
    for i in idx:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out
polys = []
for g in topo["objects"]["land"]["geometries"]:
    if g["type"] == "Polygon": polys.append(g["arcs"])
    elif g["type"] == "MultiPolygon": polys.extend(g["arcs"])
W, E, S, N = [float(v) for v in sys.argv[3].split(",")]
def clip(pts):
    def edge(pts, inside, cut):
        out = []
        for i in range(len(pts)):
            cur, prev = pts[i], pts[i - 1]
            if inside(cur):
                if not inside(prev): out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev): out.append(cut(prev, cur))
        return out
    def cx(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))
    def cy(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)
    for inside, cut in [(lambda p: p[0] >= W, cx(W)), (lambda p: p[0] <= E, cx(E)),
                        (lambda p: p[1] >= S, cy(S)), (lambda p: p[1] <= N, cy(N))]:
        if not pts: break
        pts = edge(pts, inside, cut)
    return pts
def dp(pts, eps):
    if len(pts) < 3: return pts
    a, b = pts[0], pts[-1]
    dx, dy = b[0] - a[0], b[1] - a[1]; L = (dx * dx + dy * dy) ** 0.5
    best, bi = -1, 0
    for i in range(1, len(pts) - 1):
        p = pts[i]
        d = abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / L if L else ((p[0]-a[0])**2 + (p[1]-a[1])**2) ** 0.5
        if d > best: best, bi = d, i
    if best <= eps: return [a, b]
    return dp(pts[:bi + 1], eps)[:-1] + dp(pts[bi:], eps)
eps = float(sys.argv[2])
rings = []
for poly in polys:
    for r in poly[:1]:  # outer rings only; lakes are left out
        pts = clip(ring(r))
        if len(pts) < 4: continue
        n = len(pts) // 2
        s = dp(pts[:n + 1], eps)[:-1] + dp(pts[n:] + [pts[0]], eps)[:-1]
        s = [(round(x, 2), round(y, 2)) for x, y in s]
        dd = []
        for p in s:
            if not dd or dd[-1] != p: dd.append(p)
        xs = [p[0] for p in dd]; ys = [p[1] for p in dd]
        if len(dd) < 4 or (max(xs) - min(xs)) * (max(ys) - min(ys)) < 0.15: continue
        rings.append(dd)
rings.sort(key=lambda r: (r[0][0], r[0][1]))
out = {
 "about": "Land outline (view: the area the map shows, west,south,east,north) of Europe and its neighbours, longitude/latitude in degrees, clipped to %g..%g E, %g..%g N and simplified (Douglas-Peucker, %g degrees). Derived from Natural Earth 1:50m land (public domain, naturalearthdata.com) as packaged in the npm package world-atlas 2.0.2 (land-50m.json, ISC licence, Mike Bostock). Islands smaller than about 0.15 square degrees and lakes are left out." % (W, E, S, N, eps),
 "bounds": [W, S, E, N],
 "view": [float(v) for v in sys.argv[4].split(",")],
 "rings": rings,
}
s = json.dumps(out, separators=(",", ":"))
s = s.replace('"rings":[', '"rings":[\n').replace("]],[[", "]],\n[[")
print(s)
