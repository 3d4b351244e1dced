#!/bin/sh
# "-" is stdin
printf 'Il pleut. Il vente.' | "$DEPECHE" analyze --no-models --tokens -
