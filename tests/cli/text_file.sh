#!/bin/sh
# a plain text file: one analysis document on one line
printf '\302\253 Non ! \302\273, a-t-il dit. M. Peskov est parti.\n' > a.txt
"$DEPECHE" analyze --no-models --published 2020-09-11 a.txt
