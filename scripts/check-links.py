"""Checks every internal link of a built HTML book, offline: each relative
href or src must name a file of the book, and each #fragment an element id
(or anchor name) in that file. Prints the broken ones and fails if any.

Usage: check-links.py BOOK_DIR
"""
import html.parser
import pathlib
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.links.append((tag, attrs[key]))


def parse(path, cache={}):
    if path not in cache:
        page = Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def broken_links(book):
    broken, checked = [], 0
    for path in sorted(book.rglob("*.html")):
        for tag, link in parse(path).links:
            url = urllib.parse.urlsplit(link)
            if url.scheme or link.startswith("//") or tag == "base":
                continue  # external (not checked offline), or the 404 page's base address
            checked += 1
            target = path if not url.path else (path.parent / urllib.parse.unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{path.relative_to(book)}: <{tag}> {link}"
            if not target.is_file() or book.resolve() not in target.resolve().parents:
                broken.append(f"{where}: no such file in the book")
            elif url.fragment and target.suffix == ".html":
                if urllib.parse.unquote(url.fragment) not in parse(target).ids:
                    broken.append(f"{where}: no #{url.fragment} in {target.name}")
    return broken, checked


def main(argv):
    book = pathlib.Path(argv[0]).resolve()
    broken, checked = broken_links(book)
    for line in broken:
        print(f"broken link: {line}", file=sys.stderr)
    print(f"check-links: {checked} internal links checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
