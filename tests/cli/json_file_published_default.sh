#!/bin/sh
# --published applies to a .json article without "published"
printf '{"id":"a","text":"Un."}' > art.json
"$DEPECHE" analyze --no-models --published 2020-09-11 art.json
