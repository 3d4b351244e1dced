#!/bin/sh
# --published with a date that does not exist: usage error (2)
printf 'Bonjour.' > a.txt
"$DEPECHE" analyze --no-models --published 2020-02-30 a.txt
