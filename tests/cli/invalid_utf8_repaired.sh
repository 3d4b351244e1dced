#!/bin/sh
# without --strict-utf8, invalid bytes are repaired to U+FFFD and the offsets stay those of the input
printf 'Le pr\351sident a dit.' > latin1.txt
"$DEPECHE" analyze --no-models --tokens latin1.txt
