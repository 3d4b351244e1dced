#!/bin/sh
# --published needs YYYY-MM-DD
printf 'Bonjour.' > a.txt
"$DEPECHE" analyze --no-models --published 11/09/2020 a.txt
