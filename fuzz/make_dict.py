#!/usr/bin/env python3
"""Writes fuzz/scenario.dict: every scenario key (as "key":) and short string value in
scenarios/*.json and the key names the readers ask for, plus JSON tokens and edge numbers.
Run from the repository root: python3 fuzz/make_dict.py"""
import glob
import json
import re

keys, strings = set(), set()


def walk(value):
    if isinstance(value, dict):
        for key, child in value.items():
            keys.add(key)
            walk(child)
    elif isinstance(value, list):
        for child in value:
            walk(child)
    elif isinstance(value, str) and len(value) < 24:
        strings.add(value)


for path in glob.glob("scenarios/*.json"):
    walk(json.load(open(path)))
for path in glob.glob("*/**/*.cpp", recursive=True):
    if path.startswith(("tests/", "viz/", "bench/", "fuzz/")):
        continue
    for match in re.finditer(r'(?:optional_\w+|required_\w+|has|raw|maybe_number)\("([a-z_0-9]+)"', open(path).read()):
        keys.add(match.group(1))
with open("fuzz/scenario.dict", "w") as out:
    out.write("# libFuzzer dictionary: every scenario key (as \"key\":) and short string value found in\n"
              "# scenarios/*.json and the readers, plus JSON tokens. Regenerate: python3 fuzz/make_dict.py\n")
    for key in sorted(keys):
        out.write('"\\"%s\\":"\n' % key)
    for value in sorted(strings):
        if all(32 <= ord(c) < 127 and c not in '"\\' for c in value):
            out.write('"\\"%s\\""\n' % value)
    for token in ["{", "}", "[", "]", "true", "false", "null", "0", "-1", "1e308", "1e-9", "4294967296",
                  "18446744073709551616", "0.5"]:
        out.write('"%s"\n' % token)
