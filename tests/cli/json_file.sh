#!/bin/sh
# a .json file holds one article
cat > art.json <<'EOF'
{
  "id": "seed",
  "published": "2020-09-11",
  "title": "Loukachenko \u00e0 Moscou",
  "text": "M. Peskov a parl\u00e9. Fin."
}
EOF
"$DEPECHE" analyze --no-models art.json
