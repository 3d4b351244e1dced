#!/bin/sh
# --pretty indents the document
printf 'Le porte-parole du Kremlin.' > a.txt
"$DEPECHE" analyze --no-models --tokens --pretty a.txt
