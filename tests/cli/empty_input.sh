#!/bin/sh
# an empty text is a valid article with no sentences
: > empty.txt
"$DEPECHE" analyze --no-models --tokens empty.txt
