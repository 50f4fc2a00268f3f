import torch

from docai.extract.augment import Augmentation, augment
from docai.extract.features import collate, encode_page
from docai.model import Box, Page, Region, Word


def two_pages():
    """A batch of a full-width page and a two-word one, so the second has padding."""
    wide = Page(1, 600, 800, words=[Word("Invoice", Box(0, 10, 300, 30), 1.0, 1),
                                    Word("12.50", Box(450, 700, 600, 720), 1.0, 1),
                                    Word("EUR", Box(500, 760, 560, 790), 1.0, 1)],
                regions=[Region(1, "text", 0.9, Box(0, 0, 600, 800))])
    small = Page(1, 600, 800, words=[Word("Total", Box(100, 100, 160, 120), 1.0, 1),
                                     Word("9.99", Box(200, 100, 240, 120), 1.0, 1)],
                 regions=[Region(1, "text", 0.9, Box(90, 90, 250, 130))])
    return collate([encode_page(wide), encode_page(small)])


def test_stretching_moves_each_layout_as_a_whole_and_keeps_it_on_the_page():
    before = two_pages()
    after = {name: value.clone() for name, value in before.items()}
    augment(after, Augmentation(page_cut=0.0, stretch=0.5, misread=0.0), torch.Generator().manual_seed(3))
    words = after["word_mask"]
    assert not torch.equal(after["word_boxes"][words], before["word_boxes"][words])
    assert after["word_boxes"].min() >= 0 and after["word_boxes"].max() <= 1
    # Padding stays zero, and text is untouched.
    assert torch.equal(after["word_boxes"][~words], before["word_boxes"][~words])
    assert torch.equal(after["char_ids"], before["char_ids"])
    # One affine map per page and axis: region and word boxes move by the same scale and shift,
    # so word 0 on page 1 keeps its place relative to its region.
    for page in range(2):
        old = torch.stack([before["word_boxes"][page, 0], before["region_boxes"][page, 0]])
        new = torch.stack([after["word_boxes"][page, 0], after["region_boxes"][page, 0]])
        scale = (new[0, 2] - new[1, 0]) / (old[0, 2] - old[1, 0])
        assert torch.isclose(new[0, 0] - new[1, 0], (old[0, 0] - old[1, 0]) * scale, atol=1e-5)


def test_misreading_changes_one_byte_of_the_chosen_words_only():
    before = two_pages()
    after = {name: value.clone() for name, value in before.items()}
    augment(after, Augmentation(page_cut=0.0, stretch=0.0, misread=1.0), torch.Generator().manual_seed(0))
    changed = (after["char_ids"] != before["char_ids"]).sum(-1)
    words = after["word_mask"]
    assert (changed[words] <= 1).all() and changed[words].sum() >= 3  # a byte may redraw itself
    assert (changed[~words] == 0).all()
    # Replacement bytes are printable ASCII and stay inside each word's length.
    assert torch.equal(after["char_ids"] > 0, before["char_ids"] > 0)
    assert after["char_ids"][after["char_ids"] > 0].max() <= 256
    assert torch.equal(after["word_boxes"], before["word_boxes"])


def test_the_same_seed_gives_the_same_augmentation():
    first, second = two_pages(), two_pages()
    for inputs in (first, second):
        augment(inputs, Augmentation(page_cut=0.5, stretch=0.3, misread=0.5), torch.Generator().manual_seed(7))
    assert all(torch.equal(first[name], second[name]) for name in first)


def test_a_page_cut_masks_the_words_and_regions_below_it_and_the_links_to_them():
    page = Page(1, 600, 800, words=[Word(text, Box(50, top, 150, top + 20), 1.0, region)
                                    for text, top, region in (("Buyer", 100, 1), ("Name", 200, 1),
                                                              ("Items", 500, 2), ("Total", 700, 2))],
                regions=[Region(1, "text", 0.9, Box(40, 90, 560, 230)),
                         Region(2, "table", 0.9, Box(40, 490, 560, 730))])
    before = collate([encode_page(page)])
    after = {name: value.clone() for name, value in before.items()}
    augment(after, Augmentation(page_cut=1.0, stretch=0.0, misread=0.0), torch.Generator().manual_seed(0))
    kept = after["word_mask"][0].tolist()
    # The cut falls between a fifth and nine tenths of the way from the top word to the last one.
    assert kept[0] and not kept[3] and kept == sorted(kept, reverse=True)
    assert after["region_mask"][0].tolist() == [True, kept[2]]
    links, old_links = after["neighbours"][0], before["neighbours"][0]
    assert all(kept[j] for j in links[links >= 0].tolist())  # no link leads to a cut word
    assert torch.equal(links[old_links >= 0] >= 0,
                       torch.tensor([kept[j] for j in old_links[old_links >= 0].tolist()]))
    assert torch.equal(after["word_boxes"], before["word_boxes"])


def test_no_page_is_cut_at_share_zero_and_a_cut_keeps_the_top_word():
    batch = two_pages()
    augment(batch, Augmentation(page_cut=0.0, stretch=0.0, misread=0.0), torch.Generator().manual_seed(1))
    assert torch.equal(batch["word_mask"], two_pages()["word_mask"])
    for seed in range(20):
        cut = two_pages()
        augment(cut, Augmentation(page_cut=1.0, stretch=0.0, misread=0.0), torch.Generator().manual_seed(seed))
        assert cut["word_mask"][:, 0].all() and cut["region_mask"][:, 0].all()
