"""A generated document's BODY (plain semantic HTML, the same string its web page shows) made into
a PDF with WeasyPrint: A4, running headers and page numbers, bookmarks from the headings, the
table of contents with page numbers, the project's own font (Source Sans 3, static/fonts/),
the document's language and title in the PDF's metadata. The layout is static/css/print.css.

Output is deterministic: the same body, title and language give the same bytes (no creation date,
no random file identifier), so a PDF made again from a frozen HTML keeps its SHA-256.

Nothing is fetched from the network while rendering: the fetcher serves the stylesheet and fonts
from the project's static files and refuses every other URL (an image in the body that points
elsewhere is left out, with a warning in the log).
"""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib import request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

logger = logging.getLogger(__name__)

STYLESHEET = "css/print.css"
# The folders of static files a rendering may read: the stylesheet's and the fonts'.
ASSET_FOLDERS = ("css", "fonts")


@dataclass(frozen=True)
class PdfResult:
    content: bytes
    pages: int


@cache
def static_root() -> Path:
    """The folder that holds css/print.css and fonts/ (the project's static/ in the repository)."""
    found = finders.find(STYLESHEET)
    if not found:
        raise RuntimeError(f"{STYLESHEET} is missing from the static files")
    return Path(found).resolve().parent.parent


@cache
def font_bytes(path: Path) -> bytes:
    """A WOFF font as the TrueType font it wraps. WeasyPrint would unwrap it itself, but with
    fontTools' default of stamping the font's "modified" date with the current time, which made
    every PDF differ from the one before; unwrapped here without that stamp."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcBBoxes=False, recalcTimestamp=False)
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = [static_root() / folder for folder in ASSET_FOLDERS]

    class StaticOnlyFetcher(URLFetcher):
        """file:// URLs under the stylesheet's and fonts' folders, nothing else."""

        def __init__(self):
            # Not URLFetcher's own: it sets up HTTP(S) handlers (an SSL context that reads the
            # system's certificates, 0.2 s a document) that this fetcher never uses.
            request.OpenerDirector.__init__(self)
            self._timeout, self._http_headers, self._request = 10, {}, None
            self._allowed_protocols, self._fail_on_errors = ["file"], False

        def fetch(self, url, headers=None):
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed) and path.is_file():
                    return URLFetcherResponse(url, font_bytes(path) if path.suffix == ".woff" else path.read_bytes())
            raise ValueError(f"not fetched while making a PDF: {url[:200]}")

    return StaticOnlyFetcher()


def document_html(html_body: str, *, title: str, language: str, running_header: str) -> str:
    """The whole HTML document WeasyPrint reads: the body in a minimal page with its language,
    its title, and the words of the running header and footer as attributes of <body>."""
    with translation.override(language):
        return format_html(
            '<!DOCTYPE html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n<title>{}</title>\n'
            "</head>\n"
            '<body data-running-header="{}" data-page-label="{}" data-page-of="{}">\n{}\n</body>\n</html>\n',
            language,
            title,
            running_header,
            # Translators: the footer of every page of a PDF reads "Page 3 of 12".
            pgettext("PDF footer", "Page"),
            pgettext("PDF footer", "of"),
            mark_safe(html_body),  # noqa: S308 - the body is our own template's output, escaped when rendered
        )


def render_pdf(
    html_body: str,
    *,
    title: str,
    language: str,
    running_header: str,
    progress: Callable[[int], None] | None = None,
) -> PdfResult:
    """The PDF of a document's BODY. ``progress(percent)`` is called after the layout (60) and
    after the PDF is written (90), for the staff page that follows a rendering."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher()
    fonts = FontConfiguration()  # @font-face rules count only with one (a new one per document)
    document = weasyprint.HTML(
        string=document_html(html_body, title=title, language=language, running_header=running_header),
        base_url=settings.SITE_URL + "/",
        url_fetcher=fetcher,
    )
    stylesheet = weasyprint.CSS(filename=str(static_root() / STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    rendered = document.render(stylesheets=[stylesheet], font_config=fonts)
    if progress:
        progress(60)
    content = rendered.write_pdf()
    if progress:
        progress(90)
    return PdfResult(content=content, pages=len(rendered.pages))
