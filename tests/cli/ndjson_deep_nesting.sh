#!/bin/sh
# nesting deeper than the limit is a malformed line, not a crash
python3 -c 'print("{\"id\":1,\"text\":\"x\",\"a\":" + "[" * 10000 + "]" * 10000 + "}")' > in.ndjson
"$DEPECHE" analyze --no-models in.ndjson
