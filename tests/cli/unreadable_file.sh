#!/bin/sh
# a file that cannot be read: message with its name and the reason, exit 1, nothing on stdout
"$DEPECHE" analyze --no-models missing.txt
