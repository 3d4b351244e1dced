#!/bin/sh
# an unknown option of analyze is a usage error (2)
printf 'Bonjour.' > a.txt
"$DEPECHE" analyze --no-models --frobnicate a.txt
