#!/bin/sh
# --strict-utf8 rejects invalid UTF-8 with the byte offset, exit 1, nothing on stdout
printf 'Le pr\351sident.' > latin1.txt
"$DEPECHE" analyze --no-models --strict-utf8 latin1.txt
