#!/bin/sh
# --version prints "depeche MAJOR.MINOR.PATCH"
"$DEPECHE" --version
