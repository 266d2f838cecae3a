"""Every address of the site, in one place: page URLs, the Markdown files that make
them, the HTML files mkdocs writes, feeds, downloads and source copies.

URLs are relative to the site root with a trailing slash ("units/x/"); templates
prefix them with `root`, the absolute forms come from meta.absolute. Nothing else in
luoshi spells a path of the site.
"""

from __future__ import annotations

# The top-level folders of the site, one per page kind.
JURISDICTIONS = "jurisdictions"
REPORTS = "reports"
UNITS = "units"
INDICATORS = "indicators"
DOWNLOADS = "downloads"
SOURCES = "sources"

HOME = ""
SEARCH = "search/"
ABOUT = "about/"
FEED = "feed.xml"  # every feed's file name, beside its page
SITE_FEED = FEED
DOWNLOADS_PAGE = f"{DOWNLOADS}/"
CATALOG = f"{DOWNLOADS}/catalog.jsonld"
SLICE = "tasks"  # a report's slice: reports/<id>/tasks.csv|xlsx


# -- pages -----------------------------------------------------------------------


def jurisdiction(jurisdiction_id: str) -> str:
    return f"{JURISDICTIONS}/{jurisdiction_id}/"


def report(report_id: str) -> str:
    return f"{REPORTS}/{report_id}/"


def unit(unit_id: str) -> str:
    return f"{UNITS}/{unit_id}/"


def indicator(slug: str) -> str:
    return f"{INDICATORS}/{slug}/"


def indicator_letter(letter: str) -> str:
    """The indicator index of one initial (A–Z, "#" for the rest): indicators/letter-a/;
    cannot collide with an indicator slug (those end in 8 hex digits)."""
    return f"{INDICATORS}/letter-{letter.lower() if letter != '#' else 'other'}/"


def listing(folder: str) -> str:
    """The index page of a folder ("units" → "units/")."""
    return f"{folder}/"


def anchored(report_id: str, row_id: str) -> str:
    """A task or indicator row on its report's page."""
    return f"{report(report_id)}#{row_id}"


# -- files beside pages ----------------------------------------------------------


def feed(page: str) -> str:
    """The Atom feed beside the page at URL `page`."""
    return page + FEED


def download(path: str) -> str:
    """A file the downloads step wrote, by its path inside downloads/."""
    return f"{DOWNLOADS}/{path}"


def report_slice(report_id: str, fmt: str) -> str:
    """A report's tasks as one file: its path inside downloads/ (see `download`)."""
    return f"{REPORTS}/{report_id}/{SLICE}.{fmt}"


def source(name: str) -> str:
    """The published copy of a source document."""
    return f"{SOURCES}/{name}"


# -- Markdown sources and HTML output (mkdocs, use_directory_urls) --------------------


def markdown(url: str) -> str:
    """The Markdown file of the page at `url` ("units/x/" → "units/x.md")."""
    return url.rstrip("/") + ".md" if url else "index.md"


def index_markdown(folder: str) -> str:
    """The Markdown file of a folder's index page ("units" → "units/index.md")."""
    return f"{listing(folder)}index.md"


def page_url(path: str) -> str:
    """The directory URL mkdocs gives the Markdown file `path`."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def output_path(page: str) -> str:
    """Where mkdocs writes the page at docs path `page`."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return f"{stem}.html"
    return f"{stem}/index.html"


def url_of_output(path: str) -> str:
    """The site-absolute URL ("/units/x/") of the HTML file at `path` ("units/x/index.html")."""
    return "/" + path.removesuffix("index.html")


def kind_folder(path: str) -> str:
    """The top-level folder of a site path: which kind of page it is."""
    return path.split("/")[0]


def root_prefix(url: str) -> str:
    """The relative prefix from a page at directory URL `url` back to the site root."""
    depth = url.strip("/").count("/") + 1 if url.strip("/") else 0
    return "../" * depth or "./"


def back_to_root(path: str) -> str:
    """The relative prefix from a file at `path` (a feed) back to the site root."""
    return "../" * path.count("/")


# The nav entries of mkdocs.yml, as docs paths.
NAV_PAGES: tuple[str, ...] = (
    markdown(HOME),
    *(index_markdown(folder) for folder in (JURISDICTIONS, REPORTS, UNITS, INDICATORS, DOWNLOADS)),
    markdown(SEARCH),
    markdown(ABOUT),
)
