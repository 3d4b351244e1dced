#!/bin/sh
# --published without its value
"$DEPECHE" analyze --no-models --published
