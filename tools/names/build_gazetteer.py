#!/usr/bin/env python3
"""Builds the name gazetteer in src/main/resources/names/ from the published sources.

Run from the repository root with the downloaded source files (see src/main/resources/names/README.md):

    python3 tools/names/build_gazetteer.py ONS_DIR CENSUS_1990_DIR WORDLIST

ONS_DIR holds the ONS baby-name workbooks (.xls/.xlsx, read with python3-xlrd 1.2),
CENSUS_1990_DIR the US Census 1990 files dist.all.last, dist.female.first, dist.male.first,
WORDLIST a lower/upper-case English word list (Debian's wbritish: /usr/share/dict/british-english).
The output is deterministic: the same inputs give the same files.
"""
import glob
import os
import re
import sys

import xlrd

OUT = "src/main/resources/names"
SURNAMES_FROM_CENSUS = 20000  # the 20,000 most frequent US 1990 surnames (of 88,799)
NAME = re.compile(r"^[a-z][a-z'\-]*[a-z]$")


def clean(raw):
    s = str(raw).strip().lower().replace("\u2019", "'")
    return s if NAME.match(s) else None


def ons_names(directory):
    names = set()
    for path in sorted(glob.glob(os.path.join(directory, "*.xls*"))):
        book = xlrd.open_workbook(path)
        for sheet in book.sheets():
            header = None
            for r in range(min(sheet.nrows, 12)):
                row = [str(v).strip() for v in sheet.row_values(r)]
                if "Name" in row and "Count" in row:
                    header = (r, row.index("Name"))
                    break
                if row and row[0].upper() == "RANK" and sheet.ncols > 5:  # historic top 100 by decade
                    header = (r, None)
                    break
            if header is None:
                continue
            start, col = header
            for r in range(start + 1, sheet.nrows):
                cells = sheet.row_values(r)[1:] if col is None else [sheet.row_values(r)[col]]
                for c in cells:
                    n = clean(c)
                    if n:
                        names.add(n)
    return names


def census(path, limit=None):
    out = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts:
                n = clean(parts[0])
                if n:
                    out.append(n)
    return out[:limit] if limit else out


def supplement(name):
    with open(os.path.join(OUT, name)) as f:
        return {clean(l) for l in f if l.strip() and not l.startswith("#")} - {None}


def main(ons_dir, census_dir, wordlist):
    given = ons_names(ons_dir)
    given |= set(census(os.path.join(census_dir, "dist.female.first")))
    given |= set(census(os.path.join(census_dir, "dist.male.first")))
    given |= supplement("given-supplement.txt")
    surnames = set(census(os.path.join(census_dir, "dist.all.last"), SURNAMES_FROM_CENSUS))
    surnames |= supplement("surnames-supplement.txt")
    words = set()
    with open(wordlist, encoding="utf-8", errors="ignore") as f:
        for line in f:
            w = line.strip()
            if w and w[0].islower():
                words.add(w.replace("'s", "") if w.endswith("'s") else w)
    common = sorted((given | surnames) & words)
    write("given-names.txt", "Given names: ONS baby names (England and Wales), US Census 1990 first names and given-supplement.txt", sorted(given))
    write("surnames.txt", "Surnames: US Census 1990 (most frequent 20,000) and surnames-supplement.txt", sorted(surnames))
    write("common-words.txt", "Names above that are also ordinary lower-case English words (SCOWL / wbritish)", common)
    print(len(given), "given names,", len(surnames), "surnames,", len(common), "also common words")


def write(name, title, lines):
    with open(os.path.join(OUT, name), "w") as f:
        f.write("# " + title + ". Built by tools/names/build_gazetteer.py; see README.md. One lower-case entry a line.\n")
        for l in lines:
            f.write(l + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
