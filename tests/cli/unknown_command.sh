#!/bin/sh
# an unknown command is a usage error (2) with a message naming it
"$DEPECHE" frobnicate
