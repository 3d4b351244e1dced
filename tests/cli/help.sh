#!/bin/sh
# depeche --help: the usage on stdout, success
"$DEPECHE" --help
