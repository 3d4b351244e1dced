#!/bin/sh
# output that cannot be written (a full disk) is an error
printf 'Bonjour.' > a.txt
"$DEPECHE" analyze --no-models a.txt > /dev/full
