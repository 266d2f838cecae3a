"""One path for every document: source + catalog entry + corrections -> importer -> assembler.

`catalog.json` says which source file is which report (and its metadata as printed);
`corrections/<report>.csv` holds the reviewed corrections (data); `unit_merges.csv`
the editorial unit merges. `extract.py` runs the whole path and writes the CSVs;
`add.py` adds one document; `stale.py` finds corrections the importer no longer needs.
"""
