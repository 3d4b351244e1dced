#!/bin/sh
# depeche serve --help describes the server and its options
"$DEPECHE" serve --help
