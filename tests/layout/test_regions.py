from docai.geometry import Box
from docai.layout.regions import (lines_of, organise_page, reading_order, residual_blocks,
                                  suppress_duplicates)
from docai.model import Region, Word
from docai.options import LayoutOptions

OPTIONS = LayoutOptions()


def region(label, score, *box):
    return Region(0, label, score, Box(*box))


def word(text, x0, y0, x1=None, y1=None):
    return Word(text, Box(x0, y0, x1 if x1 is not None else x0 + 30, y1 if y1 is not None else y0 + 10))


def test_duplicate_boxes_across_classes_keep_the_higher_score():
    kept = suppress_duplicates([region("header", 0.78, 72, 53, 170, 73),
                                region("title", 0.72, 72, 53, 171, 72)], OPTIONS)
    assert [r.label for r in kept] == ["header"]


def test_nested_region_folds_into_the_larger_one_whatever_the_order():
    table, cell = region("table", 0.6, 50, 300, 550, 500), region("text", 0.9, 60, 310, 200, 340)
    assert suppress_duplicates([table, cell], OPTIONS) == [table]
    assert suppress_duplicates([cell, table], OPTIONS) == [table]


def test_distinct_regions_all_survive():
    boxes = [region("title", 0.9, 72, 50, 300, 80), region("text", 0.8, 72, 100, 300, 200)]
    assert len(suppress_duplicates(boxes, OPTIONS)) == 2


def test_reading_order_reads_bands_then_columns():
    boxes = [Box(300, 100, 550, 300),  # right column
             Box(50, 20, 550, 60),     # full-width title
             Box(50, 100, 280, 300),   # left column
             Box(50, 700, 550, 750)]   # footer
    assert reading_order(boxes) == [1, 2, 0, 3]


def test_lines_group_by_vertical_centre_and_sort_left_to_right():
    lines = lines_of([word("b", 100, 11), word("a", 10, 10), word("c", 10, 40)])
    assert [[w.text for w in line] for line in lines] == [["a", "b"], ["c"]]


def test_residual_words_cluster_into_blocks_by_proximity():
    near = [word("one", 10, 10), word("two", 45, 10), word("three", 10, 22)]
    far = [word("far", 400, 600)]
    blocks = residual_blocks(near + far)
    assert sorted(len(b) for b in blocks) == [1, 3]


def test_organise_page_assigns_every_word_and_numbers_in_reading_order():
    detected = [region("text", 0.9, 50, 200, 300, 260), region("title", 0.95, 50, 40, 300, 80)]
    words = [word("body", 60, 210), word("Invoice", 60, 50), word("stray", 400, 700),
             word("more", 100, 240)]
    regions, ordered = organise_page(detected, words, OPTIONS)
    assert [(r.region_id, r.label) for r in regions] == [(1, "title"), (2, "text"), (3, "text")]
    assert regions[2].score == 0.0  # the residual block around the stray word
    assert [w.text for w in ordered] == ["Invoice", "body", "more", "stray"]
    assert [w.region_id for w in ordered] == [1, 2, 2, 3]


def test_low_score_detections_are_dropped():
    regions, ordered = organise_page([region("figure", 0.2, 0, 0, 100, 100)],
                                     [word("x", 10, 10)], OPTIONS)
    assert [r.label for r in regions] == ["text"] and ordered[0].region_id == 1
