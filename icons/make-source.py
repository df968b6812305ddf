"""Draws icons/source.png (1024 x 1024), from which `npx tauri icon icons/source.png -o icons`
makes every platform's icon: a blue rounded square with a rising white index line."""
import math, struct, zlib

N = 1024
R = 200  # corner radius
BLUE = (0, 94, 168)
points = [(170, 700), (330, 610), (460, 650), (600, 470), (720, 500), (860, 300)]

def inside_rounded(x, y):
    cx = min(max(x, R), N - 1 - R)
    cy = min(max(y, R), N - 1 - R)
    return (x - cx) ** 2 + (y - cy) ** 2 <= R * R

def dist_to_segment(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))

rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        if not inside_rounded(x, y):
            row += bytes((0, 0, 0, 0))
            continue
        d = min(dist_to_segment(x, y, points[i], points[i + 1]) for i in range(len(points) - 1))
        if d < 34 or (x > 150 and x < 880 and 780 < y < 800):
            row += bytes((255, 255, 255, 255))
        else:
            row += bytes((*BLUE, 255))
    rows.append(bytes(row))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open("icons/source.png", "wb").write(png)
