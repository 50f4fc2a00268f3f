-- docai database schema. Coordinates are PDF points, origin top-left; pages number from 1.
-- Applied by docai.store on every open; each statement is idempotent.

CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    params           JSON,
    docs_ok          INTEGER,
    docs_failed      INTEGER,
    pipeline_version VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id           VARCHAR PRIMARY KEY,   -- sha256 of the file's bytes
    source_path      VARCHAR NOT NULL,
    file_name        VARCHAR NOT NULL,
    media_type       VARCHAR,               -- NULL when the type could not be told
    page_count       INTEGER NOT NULL,
    status           VARCHAR NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error            VARCHAR,               -- why the document or some of its pages failed
    pipeline_version VARCHAR NOT NULL,
    processed_at     TIMESTAMP NOT NULL,
    run_id           VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS pages (
    doc_id      VARCHAR NOT NULL,
    page_no     INTEGER NOT NULL,
    width       DOUBLE NOT NULL,
    height      DOUBLE NOT NULL,
    text_source VARCHAR NOT NULL CHECK (text_source IN ('native', 'ocr')),
    PRIMARY KEY (doc_id, page_no)
);

-- region_id numbers a page's regions from 1 in reading order.
CREATE TABLE IF NOT EXISTS regions (
    doc_id    VARCHAR NOT NULL,
    page_no   INTEGER NOT NULL,
    region_id INTEGER NOT NULL,
    label     VARCHAR NOT NULL,
    score     DOUBLE NOT NULL,               -- 0 for blocks of words no detected region held
    x0 DOUBLE NOT NULL, y0 DOUBLE NOT NULL, x1 DOUBLE NOT NULL, y1 DOUBLE NOT NULL,
    PRIMARY KEY (doc_id, page_no, region_id)
);

-- word_id numbers a page's words from 1 in reading order; region_id refers to regions.
CREATE TABLE IF NOT EXISTS words (
    doc_id     VARCHAR NOT NULL,
    page_no    INTEGER NOT NULL,
    word_id    INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    x0 DOUBLE NOT NULL, y0 DOUBLE NOT NULL, x1 DOUBLE NOT NULL, y1 DOUBLE NOT NULL,
    confidence DOUBLE NOT NULL,              -- 1 for text-layer words
    region_id  INTEGER,
    PRIMARY KEY (doc_id, page_no, word_id)
);

-- One row per extracted field and document: value normalised (dates YYYY-MM-DD, amounts
-- 1234.50, currency ISO 4217), text as printed, grounded by page, box and region.
CREATE TABLE IF NOT EXISTS fields (
    doc_id     VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    value      VARCHAR,
    text       VARCHAR,
    page_no    INTEGER,
    x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE,
    confidence DOUBLE,
    region_id  INTEGER,
    extractor  VARCHAR NOT NULL,
    run_id     VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, field)
);

CREATE TABLE IF NOT EXISTS line_items (
    doc_id      VARCHAR NOT NULL,
    item_no     INTEGER NOT NULL,             -- from 1, in document order
    description VARCHAR,
    quantity    DECIMAL(18, 4),
    unit_price  DECIMAL(18, 4),
    amount      DECIMAL(18, 2),
    page_no     INTEGER,
    x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE,
    confidence  DOUBLE,
    PRIMARY KEY (doc_id, item_no)
);

CREATE TABLE IF NOT EXISTS validations (
    doc_id VARCHAR NOT NULL,
    rule   VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL,
    detail VARCHAR,
    PRIMARY KEY (doc_id, rule)
);
