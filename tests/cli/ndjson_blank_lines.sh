#!/bin/sh
# blank lines carry no article and are skipped, but still count in line numbers
printf '\n{"id":1,"text":"Un."}\n\n   \n\t\n{"id":2,"text":"Deux."}\n\n{"id":3,"text":\n' > in.ndjson
"$DEPECHE" analyze --no-models in.ndjson
