"""Progress: reading published progress reports and writing them into progress.csv.

- `status`: the status vocabulary (keys, Chinese labels, published words → status),
  shared by the importer, the pages, the downloads and validation.
- `read`: a document (text, HTML, DOCX) → items, through `tables` (one cell a line,
  pipe tables) or `narrative` (numbered paragraphs, 一是…二是…, listed items, clauses);
  `figures` reads values, completion rates and as-of dates.
- `match`: items → the tasks and indicators of one report.
- `apply`: `luoshi import-progress` (validate, then write).
"""
