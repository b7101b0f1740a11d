#!/usr/bin/env python3
"""Prints the build targets a set of CTest tests needs, for Ninja.

Input: `ctest --show-only=json-v1` on stdin; argument: the build directory. Each command word
that is a Ninja target in the build directory (tokenwright-cli for the Python tests) becomes a
path relative to it; other files there (configured ones) are left out. A test whose executable is not built yet has
no command in that listing: its name is the target (tw_add_test and tests/fuzz name tests
after their executables)."""
import json
import os
import subprocess
import sys

build = os.path.realpath(sys.argv[1])
known = set()
for line in subprocess.run(["ninja", "-C", build, "-t", "targets", "all"], check=True,
                           capture_output=True, text=True).stdout.splitlines():
    known.add(line.split(":", 1)[0])

targets = set()
for test in json.load(sys.stdin).get("tests", []):
    command = test.get("command")
    if not command:
        if test["name"] in known:
            targets.add(test["name"])
        else:
            print(f"sanitizer_targets: no target for test {test['name']}", file=sys.stderr)
        continue
    for word in command:
        # `cmake -DPROBE=<program> -P script.cmake` names its program inside a definition.
        if word.startswith("-D") and "=" in word:
            word = word.split("=", 1)[1]
        path = os.path.realpath(word)
        # Only what Ninja builds: a test may also read a configured file (the metainfo).
        if path.startswith(build + os.sep) and os.path.relpath(path, build) in known:
            targets.add(os.path.relpath(path, build))
print("\n".join(sorted(targets)))
