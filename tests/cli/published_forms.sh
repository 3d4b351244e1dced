#!/bin/sh
# --published DATE and --published=DATE both set the reference date
printf 'Le 9 ao\303\273t.' > a.txt
"$DEPECHE" analyze --no-models --published 2020-09-11 a.txt && "$DEPECHE" analyze --no-models --published=2020-02-29 a.txt
