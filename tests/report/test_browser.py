"""The report in a real headless Chromium: boxes drawn where the ground truth says, rows
and boxes linked, hostile document text that stays text. Screenshots land in
test-output/report/ so a person can look."""

import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from docai.report import write_report
from docai.report.images import safe_name
from tests.report import browser
from tests.report.corpus import HOSTILE

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(browser.CHROMIUM is None,
                                 reason="chromium not installed (make system-deps installs it)")]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "report"
PAGE_BORDER = (0x3D, 0x5A, 0x80)  # --page-border in report.css
SELECTED = (255, 0, 255)  # --select in report.css
INVOICE_NUMBER = (0x1F, 0x77, 0xB4)  # .c0: invoice_number, first in the schema
PAGE_WIDTH_PT = 595


@pytest.fixture(scope="module")
def site(corpus) -> Path:
    """The report written where a person can open it after the run."""
    target = OUTPUT / "site"
    shutil.rmtree(target, ignore_errors=True)
    return write_report(corpus.db, target).parent


@pytest.fixture(scope="module")
def chromium():
    with browser.Chromium() as running:
        yield running


@pytest.fixture
def open_page(chromium):
    tabs = []

    def open_(url: str, height: int = 1500) -> browser.Tab:
        tabs.append(chromium.open(url, 1400, height))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.close()


def doc_url(site: Path, doc_id: str, fragment: str = "") -> str:
    return (site / "docs" / f"{safe_name(doc_id)}.html").as_uri() + fragment


def page_area(pixels):
    """The first page's drawing area in the screenshot, and a mask of it."""
    frame = browser.page_frame(pixels, PAGE_BORDER)
    left, top, right, bottom = frame
    mask = np.zeros(pixels.shape[:2], bool)
    mask[top:bottom, left:right] = True
    return frame, mask


def expected_px(frame, box, grow: float = 0.0):
    """A box in PDF points as screenshot pixels; `grow` for the half stroke outside it."""
    left, top, right, _ = frame
    scale = (right - left) / PAGE_WIDTH_PT
    return (left + box.x0 * scale - grow, top + box.y0 * scale - grow,
            left + box.x1 * scale + grow, top + box.y1 * scale + grow)


def assert_box_at(found, expected, tolerance=3.0):
    assert found is not None, "box colour not found on the page"
    assert np.allclose(found, expected, atol=tolerance), f"box at {found}, truth {expected}"


def elements(dom: str) -> list[tuple[str, dict]]:
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(dom)
    return found


def test_selected_field_box_is_drawn_over_its_words(site, corpus, open_page):
    tab = open_page(doc_url(site, corpus.good_id, "#field=total_amount"))
    pixels = tab.screenshot(OUTPUT / "invoice-total-selected.png")
    frame, on_page = page_area(pixels)
    left, top, right, bottom = frame
    assert (right - left) / (bottom - top) == pytest.approx(595 / 842, abs=0.01)
    found = browser.bounding_box(browser.colour_mask(pixels, SELECTED, 40) & on_page)
    # The 3 px stroke is centred on the box edge: drawn 1.5 px outside the truth.
    assert_box_at(found, expected_px(frame, corpus.boxes["1234.56"], 1.5))
    # The page image is under it: the printed digits are dark pixels inside the box.
    x0, y0, x1, y1 = (round(v) for v in expected_px(frame, corpus.boxes["1234.56"]))
    inside = pixels[y0 + 3:y1 - 2, x0 + 3:x1 - 2]
    assert (inside.sum(axis=2) < 200).mean() > 0.05, "no ink under the box: image misaligned"
    # doc.js marked the field's table row too.
    selected_row = tab.evaluate("document.querySelector('tr.selected').dataset.target")
    assert selected_row == "field=total_amount"


def test_choosing_a_row_highlights_its_box(site, corpus, open_page):
    tab = open_page(doc_url(site, corpus.good_id))
    pixels = tab.screenshot(OUTPUT / "invoice.png")
    frame, on_page = page_area(pixels)
    assert not (browser.colour_mask(pixels, SELECTED, 40) & on_page).any()  # nothing selected
    # Each field in its own colour: invoice_number's is where its words are.
    found = browser.bounding_box(browser.colour_mask(pixels, INVOICE_NUMBER, 25) & on_page)
    assert_box_at(found, expected_px(frame, corpus.boxes["2024-0042"], 1))

    tab.evaluate("document.querySelector('tr[data-target=\"field=invoice_date\"] td').click()")
    assert tab.evaluate("location.hash") == "#field=invoice_date"
    pixels = tab.screenshot(OUTPUT / "invoice-date-clicked.png")
    found = browser.bounding_box(browser.colour_mask(pixels, SELECTED, 40) & on_page)
    assert_box_at(found, expected_px(frame, corpus.boxes["05.03.2024"], 1.5))


def test_hovering_a_box_shows_value_and_confidence(site, corpus, open_page):
    tab = open_page(doc_url(site, corpus.good_id))
    tip = tab.evaluate("""(() => {
        const box = document.querySelector('[data-anchor="field=currency"] rect');
        box.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        const tip = document.getElementById('tip');
        return [tip.hidden, tip.textContent,
                document.querySelector('tr[data-target="field=currency"]').className];
    })()""")
    assert tip[0] is False and tip[1] == "currency: EUR · confidence 0.41"
    assert "low" in tip[2] and "hover" in tip[2]


def test_words_and_regions_toggles(site, corpus, open_page):
    tab = open_page(doc_url(site, corpus.good_id))
    tab.evaluate("['show-fields', 'show-regions', 'show-words']"
                 ".forEach(id => document.getElementById(id).click())")
    pixels = tab.screenshot(OUTPUT / "invoice-words-regions.png")
    frame, on_page = page_area(pixels)
    # "Date" is a word but no field: with words shown its outline is drawn, bluish.
    x0, y0, x1, y1 = (round(v) for v in expected_px(frame, corpus.boxes["Date"]))
    edge = pixels[y0 - 1:y1 + 2, x0 - 1:x0 + 2]
    assert (edge[..., 2] > edge[..., 0] + 40).any(), "word box not drawn with words shown"
    assert not (browser.colour_mask(pixels, INVOICE_NUMBER, 25) & on_page).any()  # fields off


def test_hostile_document_text_does_not_run_or_inject(site, corpus, open_page):
    pages = {"hostile": doc_url(site, corpus.hostile_id),
             "failed": doc_url(site, corpus.failed_id), "index": (site / "index.html").as_uri()}
    for name, url in pages.items():
        tab = open_page(url, 1200 if name == "hostile" else 600)
        tab.screenshot(OUTPUT / f"{name}.png")
        # Hover everything too: tooltips must show hostile text as text.
        tab.evaluate("document.querySelectorAll('[data-tip]').forEach(el => "
                     "el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
        assert "pwned" not in tab.evaluate("document.title"), name
        tags = elements(tab.dom())
        assert [a.get("src") for t, a in tags if t == "script"] == [
            "assets/index.js" if name == "index" else "../assets/doc.js"], name
        assert not [t for t, _ in tags if t in ("img", "b", "iframe", "object")], name
        assert not [(t, a) for t, a in tags if any(k.startswith("on") for k in a)], name
        text = tab.evaluate("document.body.innerText")
        assert HOSTILE[0] in text, name  # shown as text
    hostile = open_page(pages["hostile"]).evaluate("document.body.innerText")
    for text in HOSTILE:
        assert text in hostile


def test_index_sorts_and_filters(site, open_page):
    tab = open_page((site / "index.html").as_uri(), 600)
    files = "[...document.querySelectorAll('#documents tbody tr')].filter(r => !r.hidden)" \
            ".map(r => r.cells[0].textContent)"
    tab.evaluate("document.querySelectorAll('#documents th button')[8].click()")  # lowest conf.
    assert tab.evaluate(files)[:2] == ["<img src=x onerror=alert(1)>.pdf", "invoice.pdf"]
    tab.evaluate("""(() => { const s = document.getElementById('filter-status');
                     s.value = 'failed'; s.dispatchEvent(new Event('change')); })()""")
    assert tab.evaluate(files) == ["broken.pdf"]
    assert tab.evaluate("document.getElementById('shown').textContent") == "1 shown"
    tab.evaluate("""(() => { document.getElementById('filter-status').value = '';
                     const box = document.getElementById('filter-checks'); box.click(); })()""")
    assert sorted(tab.evaluate(files)) == ["<img src=x onerror=alert(1)>.pdf", "invoice.pdf"]
    tab.evaluate("""(() => { const q = document.getElementById('filter-text');
                     q.value = 'ACME'; q.dispatchEvent(new Event('input')); })()""")
    assert tab.evaluate(files) == ["invoice.pdf"]
