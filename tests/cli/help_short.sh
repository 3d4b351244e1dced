#!/bin/sh
# -h is --help
"$DEPECHE" -h
