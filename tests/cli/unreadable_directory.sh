#!/bin/sh
# a directory given as a file: message and exit 1
mkdir dir
"$DEPECHE" analyze --no-models dir
