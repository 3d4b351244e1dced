#!/bin/sh
# --tokens adds the tokens, with the parts of du/au/des/aux
printf 'Le porte-parole du Kremlin.' > a.txt
"$DEPECHE" analyze --no-models --tokens a.txt
