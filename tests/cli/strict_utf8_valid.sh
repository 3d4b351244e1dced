#!/bin/sh
# --strict-utf8 accepts valid UTF-8 (BOM and CRLF included)
printf '\357\273\277Caf\303\251.\r\nFin.' > ok.txt
"$DEPECHE" analyze --no-models --strict-utf8 --tokens ok.txt
