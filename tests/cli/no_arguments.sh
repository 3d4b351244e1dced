#!/bin/sh
# no command: the usage on stderr, usage error (2)
"$DEPECHE"
