#!/bin/sh
# --published known to the month, and as an ISO timestamp: "hier" needs a day, "en mars" does not
printf 'Hier, en mars, le 9 ao\303\273t.' > a.txt
"$DEPECHE" analyze --no-models --published 2020-09 a.txt && "$DEPECHE" analyze --no-models --published 2020-09-11T08:30:00Z a.txt
