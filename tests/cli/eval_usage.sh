#!/bin/sh
# depeche eval without arguments is a usage error
"$DEPECHE" eval > /dev/null 2>&1
echo "exit $?"
