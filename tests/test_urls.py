"""luoshi.urls is the one place the site's addresses are spelt: a page's URL, its
Markdown file and the HTML file mkdocs writes agree, and the nav is mkdocs.yml's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Built
from luoshi import urls

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    urls.jurisdiction("lishui"),
    urls.report("lishui-2023"),
    urls.unit("lishui-shifagaiwei"),
    urls.indicator("renjun-gdp-0a1b2c3d"),
    urls.indicator_letter("A"),
    urls.indicator_letter("#"),
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_url_its_markdown_and_its_output_agree(url: str) -> None:
    source = urls.markdown(url)
    assert source.endswith(".md") and urls.page_url(source) == url
    assert urls.output_path(source) == f"{url}index.html"
    assert urls.url_of_output(urls.output_path(source)) == f"/{url}"
    assert urls.root_prefix(url) == "../" * url.count("/")


def test_index_pages_and_home() -> None:
    assert urls.page_url(urls.markdown(urls.HOME)) == urls.HOME
    assert urls.output_path(urls.markdown(urls.HOME)) == "index.html"
    assert urls.root_prefix(urls.HOME) == "./"
    for folder in (urls.JURISDICTIONS, urls.REPORTS, urls.UNITS, urls.INDICATORS):
        source = urls.index_markdown(folder)
        assert urls.page_url(source) == urls.listing(folder) == f"{folder}/"
        assert urls.output_path(source) == f"{folder}/index.html"


def test_the_nav_is_mkdocs_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") : config.index("\n\n", config.index("\nnav:"))]
    assert tuple(re.findall(r"^  - [^:]+: (\S+)$", nav, re.M)) == urls.NAV_PAGES


def test_feeds_downloads_and_sources_sit_where_the_site_has_them(mini_site: Built) -> None:
    site = mini_site.site
    assert (site / urls.SITE_FEED).is_file()
    assert (site / urls.feed(urls.jurisdiction("liandu"))).is_file()
    assert (site / urls.feed(urls.unit("liandu-qufagaiju"))).is_file()
    assert urls.back_to_root(urls.feed(urls.unit("x"))) == "../../"
    assert (site / urls.CATALOG).is_file()
    for fmt in ("csv", "xlsx"):
        assert (site / urls.download(urls.report_slice("liandu-2023", fmt))).is_file()
    assert (site / urls.output_path(urls.markdown(urls.report("liandu-2023")))).is_file()
    assert urls.anchored("liandu-2023", "liandu-2023-main-001") == (
        "reports/liandu-2023/#liandu-2023-main-001"
    )
