#!/bin/sh
# depeche analyze --help describes the command and its options
"$DEPECHE" analyze --help
