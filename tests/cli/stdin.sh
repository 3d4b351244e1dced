#!/bin/sh
# no file: the text comes from stdin
printf 'Il pleut. Il vente.' | "$DEPECHE" analyze --no-models
