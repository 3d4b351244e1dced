#!/bin/sh
# a malformed .json file: message with the file name and byte offset, exit 1
printf '{"text": "x",}' > art.json
"$DEPECHE" analyze --no-models art.json
