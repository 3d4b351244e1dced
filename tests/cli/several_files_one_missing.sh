#!/bin/sh
# a missing file among several: the ones before it are printed, then exit 1
printf 'Un.' > a.txt
printf 'Deux.' > c.txt
"$DEPECHE" analyze --no-models a.txt missing.txt c.txt
