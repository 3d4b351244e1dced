#!/bin/sh
# --strict-utf8 rejects a NUL byte
printf 'abc\000def' > nul.txt
"$DEPECHE" analyze --no-models --strict-utf8 nul.txt
