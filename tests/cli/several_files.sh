#!/bin/sh
# several files: one document each, in order
printf 'Un.' > a.txt
printf 'Deux. Trois.' > b.txt
"$DEPECHE" analyze --no-models a.txt b.txt
